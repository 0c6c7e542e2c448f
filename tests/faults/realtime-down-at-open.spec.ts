import { expect, test } from "@playwright/test";
import { messageItem, send, sendViaApi, signIn } from "../fixtures";
import { ownStackForThisFile } from "../support/own-stack";
import { storedMessages } from "../support/stored-messages";
import { expectMessages, twoPeopleInAChat } from "./two-people";

test.describe.configure({ mode: "serial", timeout: 150_000 });
const stack = ownStackForThisFile();

test("the realtime server down as the app opens: history, sending and a Reconnecting notice, then recovery by itself", async ({ browser }) => {
  const { alice, bobName, chatPath, conversationId } = await twoPeopleInAChat(browser, stack().baseURL);
  await sendViaApi(alice, chatPath, ["history 1", "history 2"]);

  await stack().killSoketi();
  // Bob opens the app on another device while live updates cannot work.
  const bob = await (await browser.newContext({ baseURL: stack().baseURL })).newPage();
  await signIn(bob, bobName);
  await bob.goto(chatPath);
  await expect(messageItem(bob, "history 2")).toBeVisible();
  const reconnecting = bob.getByRole("status").filter({ hasText: "Reconnecting" });
  await expect(reconnecting).toBeVisible({ timeout: 30_000 });

  await send(bob, "from bob while down");
  await expect(messageItem(bob, "from bob while down")).toHaveAttribute("data-message-id", /^\d+$/);
  await send(alice, "missed by bob");
  await expect(messageItem(alice, "missed by bob")).toHaveAttribute("data-message-id", /^\d+$/);

  await stack().startSoketi();
  await expect(reconnecting).toBeHidden({ timeout: 60_000 });
  // Caught up on what happened meanwhile, on both sides, without a reload.
  await expect(messageItem(bob, "missed by bob")).toBeVisible({ timeout: 30_000 });
  // Alice's connection broke while open: pusher-js retries it on its own backoff, which can take longer.
  await expect(messageItem(alice, "from bob while down")).toBeVisible({ timeout: 60_000 });
  // And live again.
  await send(alice, "live again");
  await expect(messageItem(bob, "live again")).toBeVisible();

  const expected = ["history 1", "history 2", "from bob while down", "missed by bob", "live again"];
  for (const page of [alice, bob]) await expectMessages(page, expected);
  expect((await storedMessages(stack().databaseUrl, conversationId)).map((m) => m.body)).toEqual(expected);
});
