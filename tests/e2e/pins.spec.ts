import { expect } from "@playwright/test";
import { messageItem, messageLog, newUser, openChatWith, PHONE, sendViaApi, test } from "../fixtures";

test("a pinned message appears live in the other person's pinned bar, which jumps to it", async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob", PHONE);
  const chatPath = await openChatWith(alice.page, bob.username);
  await sendViaApi(alice.page, chatPath, ["meet at **gate 12**", ...Array.from({ length: 80 }, (_, i) => `chatter ${i}`)]);
  await bob.page.goto(chatPath);
  await expect(messageLog(bob.page).getByText("chatter 79", { exact: true })).toBeVisible();
  await alice.page.reload();

  const item = messageItem(alice.page, "chatter 78");
  await item.hover();
  await item.getByRole("button", { name: "Pin" }).click();
  // Bob's open chat shows it without a reload.
  const bar = bob.page.getByRole("complementary", { name: "Pinned messages" });
  await expect(bar).toContainText("chatter 78");

  // A second pin, far back in history: the newest pin leads, the others are a tap away.
  await alice.page.goto(`${chatPath}?m=${await firstMessageId(alice.page, chatPath)}`);
  const old = messageItem(alice.page, "gate 12");
  await old.hover();
  await old.getByRole("button", { name: "Pin" }).click();
  await expect(bar).toContainText("meet at gate 12");
  await expect(bar).not.toContainText("**");
  await bar.getByRole("link", { name: /meet at gate 12/ }).tap();
  await bob.page.waitForURL(/\?m=\d+$/);
  await expect(messageLog(bob.page).locator("strong", { hasText: "gate 12" })).toBeInViewport();
  await bar.getByRole("button", { name: "2 pinned" }).tap();
  await expect(bar.getByRole("link")).toHaveCount(2);

  // Unpinned, it leaves Bob's bar live too.
  await expect(old.getByRole("button", { name: "Unpin" })).toBeAttached();
  await old.hover();
  await old.getByRole("button", { name: "Unpin" }).click();
  await expect(bar.getByRole("link")).toHaveCount(1);
  await expect(bar).not.toContainText("gate 12");
});

async function firstMessageId(page: import("@playwright/test").Page, chatPath: string): Promise<number> {
  const id = chatPath.split("/").pop();
  const response = await page.request.get(`/api/search?q=gate&conversationId=${id}`);
  const { results } = (await response.json()) as { results: { messageId: number }[] };
  return results[0]!.messageId;
}
