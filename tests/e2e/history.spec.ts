import { expect, type Browser, type Page } from "@playwright/test";
import { aliceChatsWithBob, messageItem, messageItems, messageLog, newUser, openChatWith, send, sendViaApi, test } from "../fixtures";

/** The top of a message's text relative to the chat log's visible area. */
async function offsetInLog(page: Page, text: string): Promise<number> {
  return messageLog(page)
    .getByText(text, { exact: true })
    .evaluate((el) => {
      const log = el.closest('[role="log"]')!;
      return el.getBoundingClientRect().top - log.getBoundingClientRect().top;
    });
}

/** Alice and Bob's chat holding `count` messages from Alice, "<label> 1" first, seeded through the API. */
async function chatWithHistory(browser: Browser, label: string, count: number) {
  const chat = await aliceChatsWithBob(browser);
  await sendViaApi(
    chat.alice.page,
    chat.chatPath,
    Array.from({ length: count }, (_, i) => `${label} ${i + 1}`),
  );
  return chat;
}

test("infinite scroll over 300 messages keeps the reader's position and shows each message once", async ({ browser }) => {
  test.setTimeout(240_000);
  const { alice, bob, chatPath } = await chatWithHistory(browser, "msg", 300);

  // Alice reads her own history (nothing unread), so it opens at the newest 50.
  await alice.page.reload();
  await bob.page.goto(chatPath);
  const reader = alice.page;
  const items = messageItems(reader);
  await expect(messageItem(reader, "msg 300")).toBeVisible();
  await expect(items).toHaveCount(50);

  for (const [oldest, expected] of [
    ["msg 251", 100],
    ["msg 201", 150],
  ] as const) {
    // Scroll so that the oldest loaded message sits 100 px below the top, which loads the page before it.
    await messageLog(reader).evaluate((el, text) => {
      const item = [...el.querySelectorAll("li[data-message-id] span")].find((span) => span.textContent === text)!;
      el.scrollTop += item.getBoundingClientRect().top - el.getBoundingClientRect().top - 100;
    }, oldest);
    const before = await offsetInLog(reader, oldest);
    expect(before).toBeGreaterThan(0);
    await expect(items).toHaveCount(expected);
    // The message the reader was looking at stays exactly where it was.
    expect(await offsetInLog(reader, oldest)).toBeCloseTo(before, 0);
  }

  // A new message while the reader is scrolled up does not move the view; Jump to latest appears.
  const held = await offsetInLog(reader, "msg 201");
  await send(bob.page, "while you were reading");
  await expect(reader.getByRole("button", { name: "Jump to latest" })).toBeVisible();
  await expect(messageItem(reader, "while you were reading")).toBeAttached();
  expect(await offsetInLog(reader, "msg 201")).toBeCloseTo(held, 0);

  // Keep scrolling to the very beginning.
  await expect(async () => {
    await messageLog(reader).evaluate((el) => el.scrollTo(0, 0));
    await expect(messageLog(reader).getByText("This is the start of the conversation.")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(items).toHaveCount(301);
  const texts = await items.allInnerTexts();
  for (let i = 0; i < 300; i++) expect(texts[i]).toContain(`msg ${i + 1}`);

  await reader.getByRole("button", { name: "Jump to latest" }).click();
  await expect(messageItem(reader, "while you were reading")).toBeInViewport();
});

test("unread badges and the tab title update live, and Seen appears when the reader opens the chat", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const chatPath = await openChatWith(bob.page, alice.username);
  await alice.page.goto("/");

  await send(bob.page, "first");
  await send(bob.page, "second");
  await expect(messageItem(bob.page, "second")).toContainText("Sent");

  const entry = alice.page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: new RegExp(bob.username) });
  await expect(entry.getByLabel("2 unread")).toBeVisible();
  await expect(alice.page).toHaveTitle(/^\(2\) /);

  await entry.click();
  await expect(alice.page).toHaveURL(new RegExp(chatPath));
  await expect(alice.page.getByRole("separator").filter({ hasText: "New messages" })).toBeVisible();
  await expect(entry.getByLabel(/unread/)).toHaveCount(0);
  await expect(alice.page).not.toHaveTitle(/^\(\d+\)/);
  await expect(messageItem(bob.page, "second")).toContainText("Seen");
});

test("sending from the New messages divider scrolls to your message and leaves nothing unread", async ({ browser }) => {
  // Sixty sends one after another, as seeding: slow on a busy machine, though each is quick.
  test.setTimeout(120_000);
  const { alice, bob, chatPath } = await chatWithHistory(browser, "news", 60);
  const entry = bob.page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: new RegExp(alice.username) });
  await expect(entry.getByLabel("60 unread")).toBeVisible();

  await bob.page.goto(chatPath);
  await expect(bob.page.getByRole("separator").filter({ hasText: "New messages" })).toBeInViewport();
  await expect(messageItem(bob.page, "news 60")).not.toBeInViewport();
  await send(bob.page, "catching up later");
  await expect(messageItem(bob.page, "catching up later")).toBeInViewport();
  // Stored: "Sent", or already "Seen" since Alice has the chat open and reads it as it comes.
  await expect(messageItem(bob.page, "catching up later")).toContainText(/Sent|Seen/);
  await expect(entry.getByLabel(/unread/)).toHaveCount(0);
  await bob.page.reload();
  await expect(messageItem(bob.page, "catching up later")).toBeInViewport();
  await expect(entry.getByLabel(/unread/)).toHaveCount(0);
});

test("edits, deletes, replies and reactions reach the other browser live", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await bob.page.goto(chatPath);

  await send(alice.page, "helo world");
  await expect(messageItem(bob.page, "helo world")).toBeVisible();

  // Edit.
  await messageItem(alice.page, "helo world").hover();
  await messageItem(alice.page, "helo world").getByRole("button", { name: "Edit" }).click();
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await expect(box).toHaveValue("helo world");
  await box.fill("hello world");
  await box.press("Enter");
  await expect(messageItem(bob.page, "hello world")).toContainText("edited");

  // Reply.
  await messageItem(bob.page, "hello world").hover();
  await messageItem(bob.page, "hello world").getByRole("button", { name: "Reply" }).click();
  await expect(bob.page.getByText(`Replying to ${alice.username}`)).toBeVisible();
  await send(bob.page, "hi back");
  const reply = messageItem(alice.page, "hi back");
  await expect(reply.getByRole("button", { name: /Reply to .*hello world/ })).toBeVisible();

  // Reaction.
  await messageItem(bob.page, "hello world").hover();
  await messageItem(bob.page, "hello world").getByRole("button", { name: "React" }).click();
  await bob.page.getByRole("button", { name: "React with 👍" }).click();
  await expect(messageItem(alice.page, "hello world").getByRole("button", { name: `👍 1: ${bob.username}` })).toBeVisible();
  // Alice adds hers by pressing the same reaction.
  await messageItem(alice.page, "hello world").getByRole("button", { name: /^👍 1/ }).click();
  await expect(messageItem(bob.page, "hello world").getByRole("button", { name: /^👍 2/ })).toBeVisible();

  // Delete.
  alice.page.once("dialog", (dialog) => void dialog.accept());
  await messageItem(alice.page, "hello world").hover();
  await messageItem(alice.page, "hello world").getByRole("button", { name: "Delete" }).click();
  await expect(messageLog(bob.page).getByText("hello world", { exact: true })).toHaveCount(0);
  await expect(messageLog(bob.page).getByText("Message deleted").first()).toBeVisible();
  // The reply's quote of it loses the text at once too, in both browsers.
  for (const page of [alice.page, bob.page]) {
    await expect(messageItem(page, "hi back").getByRole("button", { name: /^Reply to/ })).toContainText("Message deleted");
    await expect(messageItem(page, "hi back")).not.toContainText("hello world");
  }

  // Everything survives a reload.
  await bob.page.reload();
  await expect(messageLog(bob.page).getByText("Message deleted").first()).toBeVisible();
  await expect(messageItem(bob.page, "hi back")).toBeVisible();
});

test("search finds prefixes in your own chats only and opens the conversation at the message", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const carol = await newUser(browser, "carol");
  const chatPath = await openChatWith(alice.page, bob.username);
  await sendViaApi(alice.page, chatPath, ["The quokka is the happiest animal", ...Array.from({ length: 80 }, (_, i) => `filler ${i}`)]);

  await bob.page.goto("/search?q=quok");
  const results = bob.page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link")).toHaveCount(1);
  await expect(results.locator("mark")).toHaveText("quokka");
  await results.getByRole("link").click();
  await expect(messageItem(bob.page, "The quokka is the happiest animal")).toBeInViewport();
  // Sending from deep in history goes to the newest messages, where the sent one is shown.
  await send(bob.page, "found it");
  await expect(messageItem(bob.page, "found it")).toBeInViewport();
  await expect(messageItem(bob.page, "filler 79")).toBeVisible();
  await expect(messageItem(bob.page, "found it")).toContainText(/Sent|Seen/);
  await expect(messageItem(bob.page, "The quokka is the happiest animal")).toHaveCount(0);

  await carol.page.goto("/search?q=quok");
  await expect(carol.page.getByText("No messages match")).toBeVisible();
});
