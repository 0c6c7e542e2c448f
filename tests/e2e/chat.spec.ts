import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { conversationEntry, messageItem, messageLog, newUser, openChatWith, send } from "../fixtures";

test("two people sign up and talk in real time", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");

  const chatPath = await openChatWith(alice.page, bob.username);
  await bob.page.goto(chatPath);
  await expect(messageLog(bob.page)).toBeVisible();

  await send(alice.page, "hello");
  await expect(messageLog(alice.page).getByText("hello", { exact: true })).toBeVisible();
  // Bob never reloads: the message arrives over the realtime connection.
  await expect(messageLog(bob.page).getByText("hello", { exact: true })).toBeVisible();

  await send(bob.page, "hi Alice!\nHow are you?");
  await expect(messageLog(alice.page).getByText(/hi Alice!\s+How are you\?/)).toBeVisible();

  // Each message is shown once, in order, in both browsers.
  for (const page of [alice.page, bob.page]) {
    await expect(messageLog(page).getByRole("listitem")).toHaveCount(2);
  }
});

test("a new conversation appears live in the other person's list", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const conversations = bob.page.getByRole("navigation", { name: "Conversations" });

  await openChatWith(alice.page, bob.username);
  await send(alice.page, "are you there?");

  const entry = conversations.getByRole("link", { name: new RegExp(alice.username) });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText("are you there?");
  await entry.click();
  await expect(messageLog(bob.page).getByText("are you there?")).toBeVisible();
});

test("message text is shown as text, never as HTML", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const chatPath = await openChatWith(alice.page, bob.username);
  await bob.page.goto(chatPath);

  const payload = `<img src=x onerror="document.title='pwned'"><b>bold</b>`;
  await send(alice.page, payload);
  await expect(messageLog(bob.page).getByText(payload, { exact: true })).toBeVisible();
  await expect(messageLog(bob.page).locator("img, b")).toHaveCount(0);
  expect(await bob.page.title()).not.toBe("pwned");
});

test("empty and over-long messages are refused with a clear error", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  await openChatWith(alice.page, bob.username);

  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("   ");
  await expect(alice.page.getByRole("button", { name: "Send" })).toBeDisabled();
  await box.press("Enter");
  await expect(messageLog(alice.page).getByRole("listitem")).toHaveCount(0);

  await box.fill("x".repeat(4001));
  await box.press("Enter");
  await expect(box).toHaveAccessibleDescription(/at most 4000 characters/);
  await expect(messageLog(alice.page).getByRole("listitem")).toHaveCount(0);
});

/** The app requests a page makes, as they go out: server actions (by their Next-Action header) and read marks. */
function countRequests(page: Page) {
  const seen = { actions: 0, lists: 0, marks: 0 };
  page.on("request", (request) => {
    void request.headerValue("next-action").then((action) => {
      if (request.method() === "POST" && action) seen.actions++;
    });
    const path = new URL(request.url()).pathname;
    if (request.method() === "GET" && path === "/api/conversations") seen.lists++;
    if (request.method() === "POST" && /^\/api\/conversations\/[^/]+\/read$/.test(path)) seen.marks++;
  });
  return seen;
}

test("messages in an open chat cost the reader no list fetch, and unread counts stay right", async ({ browser }) => {
  test.setTimeout(90_000);
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const carol = await newUser(browser, "carol");
  const bobsList = (name: string) => conversationEntry(bob.page, new RegExp(name));

  // A third chat, with two messages Bob has not read.
  await openChatWith(carol.page, bob.username);
  await send(carol.page, "ping one");
  await send(carol.page, "ping two");
  await expect(messageLog(carol.page).locator("li[data-message-id]")).toHaveCount(2);

  const chatPath = await openChatWith(alice.page, bob.username);
  await send(alice.page, "hello bob");
  const bobs = countRequests(bob.page);
  await bob.page.goto(chatPath);
  await expect(messageItem(bob.page, "hello bob")).toBeVisible();
  await expect(bobsList(alice.username)).toContainText("hello bob");
  await expect(bobsList(carol.username).getByLabel("2 unread")).toBeVisible();
  // The list is fetched as Bob's own channel is subscribed; after that, only when it must be. A
  // message that arrives live shows the page's channels are up, that fetch included.
  await expect.poll(() => bobs.lists).toBeGreaterThanOrEqual(1);
  await send(alice.page, "warming up");
  await expect(messageItem(bob.page, "warming up")).toBeVisible();
  await bob.page.waitForTimeout(1500);
  const before = { ...bobs };

  const lines: string[] = [];
  for (let i = 1; i <= 6; i++) {
    lines.push(`from alice ${i}`);
    await send(alice.page, `from alice ${i}`);
    if (i % 3 === 0) {
      lines.push(`from bob ${i}`);
      await send(bob.page, `from bob ${i}`);
    }
  }
  for (const page of [alice.page, bob.page]) {
    for (const line of lines) await expect(messageLog(page).locator("li[data-message-id]").filter({ hasText: line })).toHaveCount(1);
  }
  await expect(bobsList(alice.username)).toContainText("from bob 6");
  await bob.page.waitForTimeout(1500);

  expect(bobs.lists - before.lists, "conversation list fetches while messages arrived").toBe(0);
  expect(bobs.actions - before.actions, "server action calls while messages arrived").toBe(0);
  // Six of Alice's messages, read as they came: a mark or two, never one per message.
  expect(bobs.marks - before.marks).toBeGreaterThanOrEqual(1);
  expect(bobs.marks - before.marks).toBeLessThanOrEqual(3);

  // The open chat shows nothing unread on either side; Carol's chat still shows its two.
  await expect(bobsList(alice.username).getByLabel(/unread/)).toHaveCount(0);
  await expect(conversationEntry(alice.page, new RegExp(bob.username)).getByLabel(/unread/)).toHaveCount(0);
  await expect(bobsList(carol.username).getByLabel("2 unread")).toBeVisible();
  await expect(bob.page).toHaveTitle(/^\(2\) /);

  // Bob reads Carol's chat; then Alice's next message counts, since her chat is no longer open.
  await bobsList(carol.username).click();
  await expect(messageItem(bob.page, "ping two")).toBeVisible();
  await expect(bobsList(carol.username).getByLabel(/unread/)).toHaveCount(0);
  await send(alice.page, "are you still there?");
  await expect(bobsList(alice.username).getByLabel("1 unread")).toBeVisible();
  await expect(bob.page).toHaveTitle(/^\(1\) /);
  expect(bobs.actions - before.actions, "no list fetch for messages in chats the list holds").toBe(0);
});
