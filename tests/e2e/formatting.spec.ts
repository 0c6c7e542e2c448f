import { expect } from "@playwright/test";
import { aliceChatsWithBob, conversationEntry, messageLog, newUser, openChatWith, PHONE, test } from "../fixtures";

test("Markdown formatting renders for the other person, and script in a code block is text", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob", { ...PHONE, locale: "de-DE", timezoneId: "Europe/Berlin" });
  const chatPath = await openChatWith(alice.page, bob.username);
  await bob.page.goto("/");

  const box = alice.page.getByRole("textbox", { name: "Message" });
  // Shift+Enter makes new lines in the box, as people type them.
  const lines = [
    "**bold** *italic* ~~gone~~ `x<y>`",
    "> quoted words",
    "",
    "- first",
    "- second",
    "",
    "```",
    "<script>document.title='pwned'</script>",
    "```",
    "see https://example.com/a_b_",
  ];
  // The box takes typing once its code is in (a read-only stand-in shows until then: lazy-composer.tsx).
  await expect(box).toBeEditable();
  await box.click();
  for (const [i, line] of lines.entries()) {
    if (i > 0) await box.press("Shift+Enter");
    if (line) await box.pressSequentially(line);
  }
  await box.press("Enter");

  // Bob's list shows the plain text: no marks.
  const entry = conversationEntry(bob.page, new RegExp(alice.username));
  await expect(entry).toContainText("bold italic gone x<y> quoted words first second");
  await expect(entry).not.toContainText("**");
  await entry.click();
  await bob.page.waitForURL(`**${chatPath}`);

  for (const page of [alice.page, bob.page]) {
    const log = messageLog(page);
    await expect(log.locator("strong", { hasText: "bold" })).toBeVisible();
    await expect(log.locator("em", { hasText: "italic" })).toBeVisible();
    await expect(log.locator("del", { hasText: "gone" })).toBeVisible();
    await expect(log.locator("p code", { hasText: "x<y>" })).toBeVisible();
    await expect(log.locator("blockquote", { hasText: "quoted words" })).toBeVisible();
    await expect(log.locator("ul li")).toHaveText(["first", "second"]);
    // The script is the code block's text, and never ran.
    await expect(log.locator("pre code")).toHaveText("<script>document.title='pwned'</script>");
    await expect(log.locator("script")).toHaveCount(0);
    // A bare URL stays a link showing where it goes; the underscores in it are not italics.
    await expect(log.getByRole("link", { name: "https://example.com/a_b_" })).toHaveAttribute("href", "https://example.com/a_b_");
    expect(await page.title()).not.toContain("pwned");
  }
});

test("raw HTML and Markdown links are shown as typed", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await bob.page.goto(chatPath);
  await expect(messageLog(bob.page)).toBeVisible();

  const text = `<b onclick="x">hi</b> [your bank](https://evil.example) # not a heading`;
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
  await expect(messageLog(bob.page).getByText(text, { exact: true })).toBeVisible();
  await expect(messageLog(bob.page).locator("b, h1")).toHaveCount(0);
  // The only link shows its own URL, not "your bank".
  await expect(messageLog(bob.page).getByRole("link")).toHaveText(["https://evil.example"]);
});
