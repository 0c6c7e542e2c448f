import { expect } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";
import { aliceChatsWithBob, conversationEntry, messageItem, messageLog, newUser, openChatWith, PHONE, send, test } from "../fixtures";

test("two people sign up and talk in real time", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
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
  // Each tab is named after the chat: the other person.
  await expect(alice.page).toHaveTitle(`${bob.username} · Messenger`);
  await expect(bob.page).toHaveTitle(`${alice.username} · Messenger`);
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
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await bob.page.goto(chatPath);

  const payload = `<img src=x onerror="document.title='pwned'"><b>bold</b>`;
  await send(alice.page, payload);
  await expect(messageLog(bob.page).getByText(payload, { exact: true })).toBeVisible();
  await expect(messageLog(bob.page).locator("img, b")).toHaveCount(0);
  expect(await bob.page.title()).not.toBe("pwned");
});

test("empty and over-long messages are refused with a clear error", async ({ browser }) => {
  const { alice } = await aliceChatsWithBob(browser);

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
    void request.headerValue("next-action").then(
      (action) => {
        if (request.method() === "POST" && action) seen.actions++;
      },
      // A request still going out as the test closes its page has no headers to read.
      () => {},
    );
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
  // Marks go at most one per 6 s: one that went just before the count began delays the next.
  await expect.poll(() => bobs.marks - before.marks, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
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

test("on a phone, a tap or a long press opens a message's actions; the keyboard reaches them too", async ({ browser }) => {
  const alice = await newUser(browser, "alice", PHONE);
  const bob = await newUser(browser, "bob");
  const chatPath = await openChatWith(bob.page, alice.username);
  await send(bob.page, "tap me");
  await alice.page.goto(chatPath);

  const toolbar = messageItem(alice.page, "tap me").getByRole("toolbar", { name: "Message actions" });
  await expect(toolbar).toHaveCSS("opacity", "0");
  await messageItem(alice.page, "tap me").getByText("tap me", { exact: true }).tap();
  await expect(toolbar).toHaveCSS("opacity", "1");
  await expect(toolbar).toBeInViewport({ ratio: 1 });
  await toolbar.getByRole("button", { name: "React" }).tap();
  await alice.page.getByRole("button", { name: "React with 👍" }).tap();
  await expect(messageItem(bob.page, "tap me").getByRole("button", { name: `👍 1: ${alice.username}` })).toBeVisible();
  // Tapping another message moves the actions there.
  await send(alice.page, "my own");
  const mine = messageItem(alice.page, "my own");
  await expect(mine).toContainText("Sent");
  await mine.getByText("my own", { exact: true }).tap();
  await expect(mine.getByRole("toolbar")).toHaveCSS("opacity", "1");
  await expect(toolbar).toHaveCSS("opacity", "0");
  await mine.getByRole("button", { name: "Edit" }).tap();
  await expect(alice.page.getByText("Editing message")).toBeVisible();
  await alice.page.getByRole("button", { name: "Cancel" }).tap();

  // A long press (held still for 600 ms) opens them as well.
  const box = (await messageItem(alice.page, "tap me").getByText("tap me", { exact: true }).boundingBox())!;
  const cdp = await alice.page.context().newCDPSession(alice.page);
  const point = [{ x: box.x + box.width / 2, y: box.y + box.height / 2 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: point });
  await alice.page.waitForTimeout(600);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await expect(toolbar).toHaveCSS("opacity", "1");
  await toolbar.getByRole("button", { name: "Reply" }).tap();
  await expect(alice.page.getByText(`Replying to ${bob.username}`)).toBeVisible();

  // On a desktop, focus shows them without a pointer.
  const bobs = messageItem(bob.page, "my own").getByRole("toolbar");
  await expect(bobs).toHaveCSS("opacity", "0");
  await bobs.getByRole("button", { name: "React" }).focus();
  await expect(bobs).toHaveCSS("opacity", "1");
});

test("times and days show in each viewer's own zone and locale, with the full date and time on hover and focus", async ({ browser }) => {
  const alice = await newUser(browser, "alice", { timezoneId: "Asia/Tokyo", locale: "ja-JP" });
  const bob = await newUser(browser, "bob", { timezoneId: "America/Los_Angeles", locale: "en-US" });
  const errors: string[] = [];
  for (const page of [alice.page, bob.page]) page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  const chatPath = await openChatWith(alice.page, bob.username);
  await bob.page.goto(chatPath);
  await send(alice.page, "what time is it there?");
  await expect(messageItem(bob.page, "what time is it there?")).toBeVisible();

  for (const { page } of [alice, bob]) {
    for (const how of ["live", "loaded with the page"]) {
      if (how !== "live") await page.reload();
      const item = messageItem(page, "what time is it there?");
      const time = item.locator("time");
      const expected = await shownIn(time);
      await expect(time, how).toContainText(expected.short);
      await expect(time).toHaveAttribute("title", expected.full);
      await expect(messageLog(page).getByText("Today", { exact: true })).toBeVisible();
      const entryTime = conversationEntry(page, /./).first().locator("time");
      const entryExpected = await shownIn(entryTime);
      await expect(entryTime).toHaveText(entryExpected.short);
      await expect(entryTime).toHaveAttribute("title", entryExpected.full);
      // Keyboard focus on the message (Shift+Tab from the message box reaches the newest), or on
      // its actions, shows its full date and time.
      const full = time.getByText(expected.full);
      const width = () => full.evaluate((el) => el.getBoundingClientRect().width);
      expect(await width()).toBeLessThanOrEqual(1);
      await page.getByRole("textbox", { name: "Message" }).focus();
      await page.keyboard.press("Shift+Tab");
      await expect(item).toBeFocused();
      await expect.poll(width).toBeGreaterThan(40);
      await page.keyboard.press("Tab");
      await expect(item.getByRole("button", { name: "React" })).toBeFocused();
      await expect.poll(width).toBeGreaterThan(40);
    }
  }
  expect(errors.filter((e) => /hydrat|#418|#423|#425/i.test(e))).toEqual([]);
});

/** What this browser itself says for a <time>'s instant, in its own zone and locale: short, and in full. */
async function shownIn(time: Locator) {
  await expect(time).toHaveAttribute("datetime", /Z$/);
  return time.evaluate((el) => {
    const at = new Date(el.getAttribute("datetime")!);
    return {
      short: at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }),
      full: at.toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" }),
    };
  });
}

test("drafts per chat, the message box focused on open, the message list one Tab stop, and keyboard shortcuts", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const carol = await newUser(browser, "carol");
  const carolsChat = await openChatWith(alice.page, carol.username);
  const bobsChat = await openChatWith(alice.page, bob.username);
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await expect(box).toBeFocused();
  for (const text of ["one", "two", "three"]) await send(alice.page, text);
  await bob.page.goto(bobsChat);
  await send(bob.page, "four");
  await expect(messageItem(alice.page, "four")).toBeVisible();

  // Shift+Tab from the box reaches the newest message itself, not every button of every message;
  // arrows move between messages; Tab goes into the focused one's actions.
  await box.focus();
  await alice.page.keyboard.press("Shift+Tab");
  await expect(messageItem(alice.page, "four")).toBeFocused();
  await alice.page.keyboard.press("ArrowUp");
  await expect(messageItem(alice.page, "three")).toBeFocused();
  await alice.page.keyboard.press("Tab");
  await expect(messageItem(alice.page, "three").getByRole("button", { name: "React" })).toBeFocused();
  await alice.page.keyboard.press("Shift+Tab");
  await alice.page.keyboard.press("Shift+Tab");
  await expect(messageLog(alice.page).locator(":focus")).toHaveCount(0);
  // The skip link goes straight to the box.
  const skip = alice.page.getByRole("link", { name: "Skip to message box" });
  await skip.focus();
  await alice.page.keyboard.press("Enter");
  await expect(box).toBeFocused();

  // ↑ in the empty box edits my last message; Esc cancels.
  await alice.page.keyboard.press("ArrowUp");
  await expect(alice.page.getByText("Editing message")).toBeVisible();
  await expect(box).toHaveValue("three");
  await alice.page.keyboard.press("Escape");
  await expect(alice.page.getByText("Editing message")).toHaveCount(0);
  await expect(box).toHaveValue("");

  // A half-written message stays with its chat, and the list says so.
  await box.fill("half-written thought");
  await conversationEntry(alice.page, new RegExp(carol.username)).click();
  await alice.page.waitForURL(`**${carolsChat}`);
  await expect(box).toHaveValue("");
  await expect(conversationEntry(alice.page, new RegExp(bob.username))).toContainText("Draft: half-written thought");

  // Ctrl+K switches chats by name.
  await alice.page.keyboard.press("Control+k");
  const switcher = alice.page.getByRole("dialog", { name: "Switch to a chat" });
  await switcher.getByRole("combobox", { name: "Chat name" }).fill(bob.username.slice(0, 6).toUpperCase());
  await expect(switcher.getByRole("option")).toHaveCount(1);
  await alice.page.keyboard.press("Enter");
  await alice.page.waitForURL(`**${bobsChat}`);
  await expect(box).toHaveValue("half-written thought");
  await expect(box).toBeFocused();
  await box.press("Enter");
  await expect(messageItem(bob.page, "half-written thought")).toBeVisible();
  await alice.page.goto("/");
  await expect(conversationEntry(alice.page, new RegExp(bob.username))).toContainText("half-written thought");
  await expect(conversationEntry(alice.page, new RegExp(bob.username))).not.toContainText("Draft:");
});

test("offline: the banner shows within seconds without covering the chat; closing the tab with an unsent message warns and keeps it", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await bob.page.goto(chatPath);
  await send(alice.page, "still online");
  await expect(messageItem(bob.page, "still online")).toBeVisible();

  const alicesBrowser = alice.page.context();
  await alicesBrowser.setOffline(true);
  const banner = alice.page.getByRole("status").filter({ hasText: "Reconnecting…" });
  await expect(banner).toBeVisible({ timeout: 5000 });
  const header = alice.page.getByRole("region", { name: /^Chat with/ }).locator("header");
  const [bannerBox, headerBox] = [await banner.boundingBox(), await header.boundingBox()];
  expect(bannerBox!.y + bannerBox!.height).toBeLessThanOrEqual(headerBox!.y + 0.5);

  await send(alice.page, "sent while offline");
  await expect(messageItem(alice.page, "sent while offline")).toHaveAttribute("data-pending", /sending|waiting/);
  // Leaving asks first.
  const asked = new Promise<string>((resolve) =>
    alice.page.once("dialog", (dialog) => {
      resolve(dialog.type());
      void dialog.accept();
    }),
  );
  await alice.page.close({ runBeforeUnload: true });
  expect(await asked).toBe("beforeunload");
  await expect.poll(() => alice.page.isClosed()).toBe(true);

  // The message was kept: opening the chat again, online, sends it.
  await alicesBrowser.setOffline(false);
  const again = await alicesBrowser.newPage();
  await again.goto(chatPath);
  await expect(messageItem(bob.page, "sent while offline")).toBeVisible();
  await expect(messageItem(again, "sent while offline")).toContainText(/Sent|Seen/);
  await expect(again.getByRole("status").filter({ hasText: "Reconnecting…" })).toHaveCount(0);
});
