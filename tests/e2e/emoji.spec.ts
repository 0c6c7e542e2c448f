import { expect } from "@playwright/test";
import { aliceChatsWithBob, messageItem, messageLog, send, test } from "../fixtures";

test("any emoji from the picker reacts live, and goes into a message from the composer", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await bob.page.goto(chatPath);
  await send(bob.page, "guess what I saw");
  const item = messageItem(alice.page, "guess what I saw");
  await expect(item).toBeVisible();

  // The picker's data is fetched only when it opens.
  const emojiData: string[] = [];
  alice.page.on("response", (r) => r.url().includes("/_next/") && r.request().resourceType() === "script" && emojiData.push(r.url()));
  const scriptsBefore = emojiData.length;

  await item.hover();
  await item.getByRole("button", { name: "React" }).click();
  await item.getByRole("button", { name: "More reactions" }).click();
  const picker = alice.page.getByRole("dialog", { name: "React with any emoji" });
  await picker.getByRole("searchbox", { name: "Search emoji" }).fill("seal");
  await picker.getByRole("button", { name: "seal", exact: true }).click();
  await expect(picker).toHaveCount(0);
  expect(emojiData.length).toBeGreaterThan(scriptsBefore);

  // Bob sees it live; he adds the same one from the reactions row.
  const bobsItem = messageItem(bob.page, "guess what I saw");
  const seal = bobsItem.getByRole("button", { name: new RegExp(`^🦭 1: ${alice.username}$`) });
  await expect(seal).toBeVisible();
  await seal.click();
  await expect(messageItem(alice.page, "guess what I saw").getByRole("button", { name: /^🦭 2: / })).toBeVisible();

  // The composer's picker puts the emoji at the cursor.
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("liftoff ");
  await alice.page.getByRole("button", { name: "Emoji" }).click();
  const composerPicker = alice.page.getByRole("dialog", { name: "Insert an emoji" });
  await composerPicker.getByRole("searchbox", { name: "Search emoji" }).fill("rocket");
  await composerPicker.getByRole("button", { name: "rocket", exact: true }).click();
  await expect(box).toHaveValue("liftoff 🚀");
  await box.press("Enter");
  await expect(messageLog(bob.page).getByText("liftoff 🚀", { exact: true })).toBeVisible();
});
