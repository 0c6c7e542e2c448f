import { expect } from "@playwright/test";
import { befriend, conversationEntry, createGroup, messageItem, messageLog, newUser, send, setName, test } from "../fixtures";

const GENERAL = "/c/00000000-0000-4000-8000-000000000001";

test("a group names everyone by display name (senders, quotes, reactions, typing, Seen by) and follows a rename live; senders' pictures end each run", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const ana = await newUser(browser, "ana");
  const ben = await newUser(browser, "ben");
  const cyd = await newUser(browser, "cyd");
  await setName(cyd.page, "Cyd", "Costa");
  await befriend(ana.page, ana.username, ben.page, ben.username);
  await befriend(ana.page, ana.username, cyd.page, cyd.username);
  const groupPath = await createGroup(ana.page, "Names and faces", [ben.username, cyd.username]);
  await Promise.all([ben.page.goto(groupPath), cyd.page.goto(groupPath)]);

  // Cyd named herself before the chat opened: her messages say so, her username beside it.
  await send(cyd.page, "first from cyd");
  await send(cyd.page, "second from cyd");
  const cydsFirst = messageItem(ana.page, "first from cyd");
  const cydsSecond = messageItem(ana.page, "second from cyd");
  await expect(cydsSecond).toBeVisible();
  await expect(cydsFirst.getByText("Cyd Costa", { exact: true })).toBeVisible();
  await expect(cydsFirst).toContainText(cyd.username);
  // One picture per run, beside its last message.
  await expect(cydsFirst.locator("[data-sender-avatar]")).toHaveCount(0);
  await expect(cydsSecond.locator("[data-sender-avatar]")).toHaveCount(1);

  await send(ben.page, "hello from ben");
  const bensOnAna = messageItem(ana.page, "hello from ben");
  await expect(bensOnAna.locator("[data-sender-avatar]")).toHaveCount(1);
  await expect(cydsSecond.locator("[data-sender-avatar]")).toHaveCount(1);
  // My own messages have no picture.
  await expect(messageItem(ben.page, "hello from ben").locator("[data-sender-avatar]")).toHaveCount(0);

  // Cyd quotes Ben; Ben and Cyd react to Ana's message; Ana's newest is seen by both.
  await messageItem(cyd.page, "hello from ben").hover();
  await messageItem(cyd.page, "hello from ben").getByRole("button", { name: "Reply" }).click();
  await send(cyd.page, "replying to ben");
  await send(ana.page, "react to me");
  for (const member of [ben, cyd]) {
    const item = messageItem(member.page, "react to me");
    await item.hover();
    await item.getByRole("button", { name: "React", exact: true }).click();
    await member.page.getByRole("button", { name: "React with 👍" }).click();
    await expect(item.getByRole("button", { name: /^👍 \d/ })).toBeVisible();
  }
  const reaction = messageItem(ana.page, "react to me").getByRole("button", { name: /^👍 2: / });
  await expect(reaction).toHaveAttribute("aria-label", `👍 2: ${ben.username}, Cyd Costa`);
  const quote = messageItem(ana.page, "replying to ben").getByRole("button", { name: /^Reply to / });
  await expect(quote).toContainText(`${ben.username}: hello from ben`);
  const seenBy = messageItem(ana.page, "react to me").getByRole("button", { name: /^Seen by 2/ });
  await expect(seenBy).toBeVisible();

  // Ben renames himself in another tab: Ana's open chat follows at once, without a reload.
  const bensSettings = await ben.page.context().newPage();
  await setName(bensSettings, "Ben", "Bauer");
  await expect(bensOnAna.getByText("Ben Bauer", { exact: true })).toBeVisible();
  await expect(bensOnAna).toContainText(ben.username);
  await expect(quote).toContainText("Ben Bauer: hello from ben");
  await expect(reaction).toHaveAttribute("aria-label", "👍 2: Ben Bauer, Cyd Costa");
  await expect(seenBy).toHaveAttribute("aria-label", /^Seen by 2: (Ben Bauer, Cyd Costa|Cyd Costa, Ben Bauer)$/);
  // His typing, from the tab that was open before the rename.
  const typing = ben.page.getByRole("textbox", { name: "Message" }).pressSequentially("still typing", { delay: 300 });
  await expect(ana.page.getByRole("region", { name: /^Chat with/ }).getByText("Ben Bauer is typing…")).toBeVisible();
  await typing;
  // Ana opens the chat anew: the same names from the server.
  await ana.page.reload();
  await expect(messageItem(ana.page, "hello from ben").getByText("Ben Bauer", { exact: true })).toBeVisible();
  await expect(messageItem(ana.page, "replying to ben").getByRole("button", { name: /^Reply to Ben Bauer: / })).toBeVisible();
});

test("a second tab drops the unread count from its title once the chat is read in the first", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  await befriend(alice.page, alice.username, bob.page, bob.username);
  await bob.page.goto(`/u/${alice.username}`);
  await bob.page.getByRole("button", { name: "Message" }).click();
  await bob.page.waitForURL(/\/c\//);
  const secondTab = await alice.page.context().newPage();
  await Promise.all([alice.page.goto("/"), secondTab.goto("/people")]);
  await send(bob.page, "read me once");
  await expect(alice.page).toHaveTitle(/^\(1\) /);
  await expect(secondTab).toHaveTitle(/^\(1\) /);

  await conversationEntry(alice.page, new RegExp(bob.username)).click();
  await expect(messageItem(alice.page, "read me once")).toBeVisible();
  await expect(alice.page).not.toHaveTitle(/^\(\d+\) /);
  await expect(secondTab).not.toHaveTitle(/^\(\d+\) /);
  await expect(conversationEntry(secondTab, new RegExp(bob.username)).getByLabel(/unread/)).toHaveCount(0);
});

test("a new account starts in General, having read it; its unread shows on its row, not in the tab title", async ({ browser }) => {
  const ana = await newUser(browser, "ana");
  // Whatever was said in General before Ana came is there to read, but not unread.
  await ana.page.goto(GENERAL);
  await expect(messageLog(ana.page)).toBeVisible();
  await expect(ana.page.getByRole("button", { name: "Join General" })).toHaveCount(0);
  await send(ana.page, `ana is here ${ana.username}`);
  await expect(messageItem(ana.page, `ana is here ${ana.username}`)).toBeVisible();

  const ben = await newUser(browser, "ben");
  const general = conversationEntry(ben.page, /^General/);
  await expect(general).toBeVisible();
  await expect(general.getByLabel(/unread/)).toHaveCount(0);
  await expect(ben.page).not.toHaveTitle(/^\(\d+\) /);
  await send(ana.page, `welcome ${ben.username}`);
  await expect(general).toContainText(`welcome ${ben.username}`);
  await expect(general.getByLabel(/unread/)).toBeVisible();
  await expect(ben.page).not.toHaveTitle(/^\(\d+\) /);
  await general.click();
  await expect(messageItem(ben.page, `welcome ${ben.username}`)).toBeVisible();
  await expect(messageItem(ben.page, `ana is here ${ana.username}`)).toBeVisible();
});
