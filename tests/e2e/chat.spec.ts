import { expect, test } from "@playwright/test";
import { messageLog, newUser, openChatWith, send } from "../fixtures";

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
