import { expect } from "@playwright/test";
import { messageItem, messageLog, newUser, openChatWith, PHONE, send, setName, test } from "../fixtures";

test("a message forwarded into another chat arrives live, named after its author; a phone forwards too", async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const carol = await newUser(browser, "carol", PHONE);
  await setName(bob.page, "Bob", "Builder");

  const aliceCarol = await openChatWith(alice.page, carol.username);
  const carolBob = await openChatWith(carol.page, bob.username);
  const aliceBob = await openChatWith(bob.page, alice.username);
  await send(bob.page, "the spare key is under the mat");
  await carol.page.goto(aliceCarol);
  await expect(messageLog(carol.page)).toBeVisible();

  // Alice forwards Bob's message from their chat into hers with Carol, found by name.
  await alice.page.goto(aliceBob);
  const original = messageItem(alice.page, "the spare key is under the mat");
  await original.hover();
  await original.getByRole("button", { name: "Forward" }).click();
  const picker = alice.page.getByRole("dialog", { name: "Forward message" });
  await expect(picker).toBeVisible();
  await picker.getByRole("searchbox", { name: "Search chats" }).fill(carol.username);
  await picker.getByRole("checkbox", { name: carol.username }).check();
  await picker.getByRole("button", { name: "Forward" }).click();
  await expect(picker).toBeHidden();
  await expect(alice.page.getByRole("status").filter({ hasText: "Forwarded to 1 chat." })).toBeVisible();

  // Carol's open chat shows it without a reload, as Alice's, forwarded from Bob by his name.
  const copy = messageItem(carol.page, "the spare key is under the mat");
  await expect(copy).toContainText("Forwarded from Bob Builder");
  await expect(copy).not.toContainText(bob.username);
  // The original stays as it was.
  await expect(original).not.toContainText("Forwarded from");

  // On her phone, Carol taps the copy, forwards it to Bob: a forward of a forward names the author.
  await copy.getByText("the spare key is under the mat", { exact: true }).tap();
  const toolbar = copy.getByRole("toolbar", { name: "Message actions" });
  await expect(toolbar).toHaveCSS("opacity", "1");
  await toolbar.getByRole("button", { name: "Forward" }).tap();
  const phonePicker = carol.page.getByRole("dialog", { name: "Forward message" });
  await expect(phonePicker).toBeVisible();
  // Escape closes it, as every dialog; opened again, nothing is chosen yet.
  await carol.page.keyboard.press("Escape");
  await expect(phonePicker).toBeHidden();
  await copy.getByText("the spare key is under the mat", { exact: true }).tap();
  await toolbar.getByRole("button", { name: "Forward" }).tap();
  await expect(phonePicker.getByRole("button", { name: "Forward" })).toBeDisabled();
  await bob.page.goto(carolBob);
  await expect(messageLog(bob.page)).toBeVisible();
  await phonePicker.getByRole("checkbox", { name: "Bob Builder" }).tap();
  await phonePicker.getByRole("button", { name: "Forward" }).tap();
  await expect(phonePicker).toBeHidden();
  const again = messageItem(bob.page, "the spare key is under the mat");
  await expect(again).toContainText("Forwarded from Bob Builder");
  await expect(messageItem(carol.page, "the spare key is under the mat")).toHaveCount(1);
});
