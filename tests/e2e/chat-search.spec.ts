import { expect } from "@playwright/test";
import { messageItem, messageLog, newUser, openChatWith, PHONE, sendViaApi, test } from "../fixtures";

test("search in this chat finds only its messages and jumps to the one picked, far back in history", async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await newUser(browser, "alice", PHONE);
  const bob = await newUser(browser, "bob");
  const cyd = await newUser(browser, "cyd");
  const withBob = await openChatWith(alice.page, bob.username);
  const withCyd = await openChatWith(alice.page, cyd.username);
  // The same word in another chat of Alice's must not come up.
  await sendViaApi(alice.page, withCyd, ["the walrus sings elsewhere"]);
  await bob.page.goto(withBob);
  await sendViaApi(bob.page, withBob, ["the **walrus** sings at dawn", ...Array.from({ length: 120 }, (_, i) => `filler ${i}`)]);

  await alice.page.goto(withBob);
  await expect(messageLog(alice.page).getByText("filler 119", { exact: true })).toBeVisible();
  await alice.page.getByRole("button", { name: "Search", exact: true }).click();
  const box = alice.page.getByRole("searchbox", { name: "Search in this chat" });
  await box.fill("walrus");
  await box.press("Enter");
  const results = alice.page.getByRole("list", { name: "Results in this chat" });
  // One result, shown without its Markdown marks.
  await expect(results.getByRole("link")).toHaveCount(1);
  await expect(results.getByRole("link")).toContainText("the walrus sings at dawn");
  await expect(results).not.toContainText("**");

  await results.getByRole("link").click();
  await alice.page.waitForURL(/\?m=\d+$/);
  const found = messageItem(alice.page, "walrus");
  await expect(messageLog(alice.page).locator("strong", { hasText: "walrus" })).toBeInViewport();
  await expect(found).toHaveCount(1);

  await alice.page.getByRole("button", { name: "Search", exact: true }).click();
  await box.fill("nothinglikethis");
  await box.press("Enter");
  await expect(alice.page.getByText("No messages here match “nothinglikethis”.")).toBeVisible();
});
