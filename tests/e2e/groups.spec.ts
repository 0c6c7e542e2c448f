import { expect, type Browser } from "@playwright/test";
import { befriend, createGroup, messageItem, messageLog, newUser, openChatWith, send, test } from "../fixtures";

/** Ana and Ben, contacts, with Ana in their direct chat (at `chatPath`). */
async function contactsInTheirChat(browser: Browser) {
  const ana = await newUser(browser, "ana");
  const ben = await newUser(browser, "ben");
  await befriend(ana.page, ana.username, ben.page, ben.username);
  const chatPath = await openChatWith(ana.page, ben.username);
  return { ana, ben, chatPath };
}

test("a group of three chats live; a removed member stops seeing it; typing shows and clears", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newUser(browser, "ana");
  const ben = await newUser(browser, "ben");
  const cyd = await newUser(browser, "cyd");
  await befriend(ana.page, ana.username, ben.page, ben.username);
  await befriend(ana.page, ana.username, cyd.page, cyd.username);

  // Ana creates the group from her contacts.
  const groupPath = await createGroup(ana.page, "Weekend trip", [ben.username, cyd.username]);
  await expect(messageLog(ana.page).getByText(`${ana.username} added ${ben.username}, ${cyd.username}`)).toBeVisible();

  // The group appears live in the others' lists.
  for (const member of [ben, cyd]) {
    const entry = member.page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: /Weekend trip/ });
    await expect(entry).toBeVisible();
    await entry.click();
    await expect(member.page).toHaveURL(new RegExp(groupPath));
  }

  await send(ana.page, "Saturday at 10?");
  await expect(messageItem(ben.page, "Saturday at 10?")).toBeVisible();
  await expect(messageItem(cyd.page, "Saturday at 10?")).toBeVisible();
  await send(cyd.page, "Works for me");
  await expect(messageItem(ana.page, "Works for me")).toContainText(cyd.username);
  await expect(messageItem(cyd.page, "Works for me")).toContainText("Seen by");
  // The next message of the same sender continues the run: the name is not repeated.
  await send(cyd.page, "I'll bring snacks");
  await expect(messageItem(ana.page, "I'll bring snacks")).toBeVisible();
  await expect(messageItem(ana.page, "I'll bring snacks").getByText(cyd.username, { exact: true })).toHaveCount(0);
  await expect(messageItem(ana.page, "Works for me").getByText(cyd.username, { exact: true })).toHaveCount(1);
  await expect(ana.page).toHaveTitle(/Weekend trip · Messenger$/);

  // Typing: Ben types, the others see it; it clears when he sends.
  const typing = ben.page.getByRole("textbox", { name: "Message" }).pressSequentially("On my way", { delay: 400 });
  const inChat = (page: typeof ana.page) => page.getByRole("region", { name: /^Chat with/ }).getByText(`${ben.username} is typing…`);
  const inList = (page: typeof ana.page) => page.getByRole("navigation", { name: "Conversations" }).getByText(`${ben.username} is typing…`);
  await Promise.all([expect(inChat(ana.page)).toBeVisible(), expect(inChat(cyd.page)).toBeVisible(), expect(inList(ana.page)).toBeVisible()]);
  await typing;
  await ben.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(messageItem(ana.page, "On my way")).toBeVisible();
  await expect(inChat(ana.page)).toHaveCount(0);
  await expect(inList(ana.page)).toHaveCount(0);

  // Ana removes Cyd: Cyd's open chat closes and new messages never reach Cyd.
  await ana.page.getByRole("link", { name: "Group info" }).click();
  await ana.page.getByRole("button", { name: `Remove ${cyd.username}` }).click();
  await expect(ana.page.getByRole("list", { name: "Members" }).getByText(cyd.username)).toHaveCount(0);
  // Cyd's open chat goes away at once: the list drops it and the page leaves (or no longer shows) it.
  await expect(cyd.page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: /Weekend trip/ })).toHaveCount(0);
  await expect(cyd.page.getByRole("log", { name: "Messages" })).toHaveCount(0);
  // And says why.
  await expect(cyd.page.getByRole("status").filter({ hasText: "You are no longer a member of Weekend trip." })).toBeVisible();

  await ana.page.goto(groupPath);
  await expect(messageLog(ana.page).getByText(`${ana.username} removed ${cyd.username}`)).toBeVisible();
  await send(ana.page, "Just the two of us now");
  await expect(messageItem(ben.page, "Just the two of us now")).toBeVisible();

  await cyd.page.goto(groupPath);
  await expect(cyd.page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const api = await cyd.page.request.get(`/api/conversations/${groupPath.split("/").pop()}/messages`);
  expect(api.status()).toBe(403);
});

test("everyone can join General and chat there, from the rooms page or from its link", async ({ browser }) => {
  const ana = await newUser(browser, "ana");
  const ben = await newUser(browser, "ben");
  const general = "/c/00000000-0000-4000-8000-000000000001";
  // New accounts start in General (first-hour.spec.ts); these two leave it first.
  for (const member of [ana, ben]) {
    await member.page.goto("/rooms");
    await member.page.getByRole("button", { name: "Leave General" }).click();
    await expect(member.page.getByRole("button", { name: "Join General" })).toBeVisible();
  }
  // A link to General, opened by someone not in it, offers to join.
  await ana.page.goto(general);
  await ana.page.getByRole("button", { name: "Join General" }).click();
  await expect(messageLog(ana.page)).toBeVisible();
  await expect(ana.page).toHaveTitle(/General · Messenger$/);
  await ben.page.goto("/rooms");
  await ben.page.getByRole("button", { name: "Join General" }).click();
  await ben.page.waitForURL(new RegExp(`${general}$`));
  const hello = `hello from ${ana.username}`;
  await send(ana.page, hello);
  await expect(messageItem(ben.page, hello)).toBeVisible();

  await ben.page.goto("/rooms");
  await ben.page.getByRole("button", { name: "Leave General" }).click();
  await expect(ben.page.getByRole("button", { name: "Join General" })).toBeVisible();
});

test("a contact shows online while their browser is open and last seen once it is closed", async ({ browser }) => {
  const { ana, ben } = await contactsInTheirChat(browser);
  await ben.page.goto("/");
  await expect(ana.page.getByText("online", { exact: true })).toBeVisible({ timeout: 20_000 });

  // Closing the browser closes its socket: Soketi reports the channel vacated within moments.
  await ben.page.context().close();
  await expect(ana.page.getByText(/^last seen /)).toBeVisible({ timeout: 30_000 });
});

test("someone added to a group leaves it and blocks the one who added them, who cannot add them back", async ({ browser }) => {
  const ana = await newUser(browser, "ana");
  const ben = await newUser(browser, "ben");
  await befriend(ana.page, ana.username, ben.page, ben.username);
  const groupPath = await createGroup(ana.page, "Unwanted", [ben.username]);

  await ben.page.goto(`${groupPath}/info`);
  // Ana created the group and was added by no one: she has no such button.
  await ben.page.getByRole("button", { name: `Leave and block ${ana.username}, who added you` }).click();
  await ben.page.waitForURL((url) => url.pathname === "/");
  await expect(ben.page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: /Unwanted/ })).toHaveCount(0);
  await ben.page.goto(`/u/${ana.username}`);
  await expect(ben.page.getByRole("button", { name: "Unblock" })).toBeVisible();

  await ana.page.goto(`${groupPath}/info`);
  await expect(ana.page.getByRole("button", { name: /Leave and block/ })).toHaveCount(0);
  await expect(ana.page.getByRole("list", { name: "Members" }).getByText(ben.username)).toHaveCount(0);
  // Ben is no longer her contact, so the picker does not offer him.
  await expect(ana.page.getByLabel(ben.username)).toHaveCount(0);
});

test("two contacts opening the app at the same moment each see the other online within seconds", async ({ browser }) => {
  const { ana, ben, chatPath } = await contactsInTheirChat(browser);
  // Both leave (their browsers close) and are seen going offline.
  const [anaBrowser, benBrowser] = [ana.page.context(), ben.page.context()];
  await ben.page.close();
  await expect(ana.page.getByText(/^last seen /)).toBeVisible({ timeout: 30_000 });
  await ana.page.close();
  const [anaAgain, benAgain] = [await anaBrowser.newPage(), await benBrowser.newPage()];
  // Each page is rendered while the other person is still offline, and each comes online while
  // the other's realtime connection may not be up yet.
  await Promise.all([anaAgain.goto(chatPath), benAgain.goto(chatPath)]);
  for (const page of [anaAgain, benAgain]) await expect(page.getByText("online", { exact: true })).toBeVisible({ timeout: 5000 });
});
