import { expect } from "@playwright/test";
import { conversationEntry, hiddenTabOf, messageLog, newUser, notified, openChatWith, send, test } from "../fixtures";

test("a muted chat makes no notification and no title count, its badge greyed, in every tab of its member", async ({ browser }) => {
  test.setTimeout(150_000);
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const cyd = await newUser(browser, "cyd");
  const bobChat = await openChatWith(bob.page, alice.username);
  await send(bob.page, "first from bob");
  await openChatWith(cyd.page, alice.username);
  await send(cyd.page, "first from cyd");
  await expect(messageLog(cyd.page).getByText("first from cyd")).toBeVisible();

  // Alice mutes Bob's chat for 8 hours from the chat's header.
  await alice.page.goto(bobChat);
  await expect(messageLog(alice.page).getByText("first from bob")).toBeVisible();
  await alice.page.getByRole("button", { name: "Mute" }).click();
  await alice.page.getByRole("menuitem", { name: "For 8 hours" }).click();
  await expect(alice.page.getByRole("button", { name: "Unmute" })).toBeVisible();

  // Her other device, hidden, follows live: the row says Muted.
  const other = await hiddenTabOf(browser, alice.username);
  const bobRow = conversationEntry(other, new RegExp(bob.username));
  const cydRow = conversationEntry(other, new RegExp(cyd.username));
  await expect(bobRow.getByRole("img", { name: "Muted" })).toBeVisible();
  await expect(cydRow.getByRole("img", { name: "Muted" })).toHaveCount(0);
  await expect(other).toHaveTitle(/^\(1\) /);
  await alice.page.goto("/");
  await expect(alice.page).toHaveTitle(/^\(1\) /);

  // Bob writes twice: his badge counts them, greyed, and neither tab's title counts them.
  await send(bob.page, "second from bob");
  await send(bob.page, "third from bob");
  for (const page of [alice.page, other]) {
    await expect(conversationEntry(page, new RegExp(bob.username)).getByLabel("2 unread, muted")).toBeVisible();
    await expect(page).toHaveTitle(/^\(1\) /);
  }
  // Cyd is not muted: her message notifies (so the recorder works) and counts; Bob's did not notify.
  await send(cyd.page, "second from cyd");
  await expect(cydRow.getByLabel("2 unread", { exact: true })).toBeVisible();
  await expect(other).toHaveTitle(/^\(2\) /);
  await expect.poll(() => notified(other)).toEqual([`${cyd.username}: second from cyd`]);

  // Unmuted on one device, the other counts Bob's chat again.
  await alice.page.goto(bobChat);
  await alice.page.getByRole("button", { name: "Unmute" }).click();
  await expect(alice.page.getByRole("button", { name: "Mute" })).toBeVisible();
  await expect(bobRow.getByRole("img", { name: "Muted" })).toHaveCount(0);
  await send(bob.page, "fourth from bob");
  await expect.poll(() => notified(other), { timeout: 20_000 }).toEqual([`${cyd.username}: second from cyd`, `${bob.username}: fourth from bob`]);
});
