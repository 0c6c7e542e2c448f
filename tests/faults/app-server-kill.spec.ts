import { expect, test } from "@playwright/test";
import { messageItem, messageItems, send } from "../fixtures";
import { ownStackForThisFile } from "../support/own-stack";
import { storedMessages } from "../support/stored-messages";
import { expectMessages, twoPeopleInAChat } from "./two-people";

test.describe.configure({ mode: "serial", timeout: 150_000 });
const stack = ownStackForThisFile();

test("the app server killed during a burst of sends: every message stored once, in order, and shown live", async ({ browser }) => {
  const { alice, bob, conversationId } = await twoPeopleInAChat(browser, stack().baseURL);
  const texts = Array.from({ length: 20 }, (_, i) => `burst ${i + 1}`);

  // What Alice's browser saw the server accept (a 2xx answer), by clientId.
  const accepted = new Set<string>();
  alice.on("response", (response) => {
    const request = response.request();
    if (request.method() === "POST" && /\/api\/conversations\/[^/]+\/messages$/.test(request.url()) && response.ok()) {
      accepted.add((request.postDataJSON() as { clientId: string }).clientId);
    }
  });

  // Typed one after another without waiting for answers, so that sends are in flight at the kill.
  for (const text of texts.slice(0, 6)) await send(alice, text);
  await stack().killApp();
  for (const text of texts.slice(6, 10)) await send(alice, text);
  // They wait, and say so, while the server is gone.
  await expect(messageItem(alice, "burst 10")).toHaveAttribute("data-pending");
  const restarted = stack().startApp();
  for (const text of texts.slice(10, 16)) await send(alice, text);
  await restarted;
  for (const text of texts.slice(16)) await send(alice, text);

  // Alice's own view: every one stored (the server's id, none pending), each once, in order.
  await expect(async () => {
    expect(await messageItems(alice).evaluateAll((items) => items.map((li) => li.hasAttribute("data-message-id")))).toEqual(texts.map(() => true));
  }).toPass({ timeout: 100_000 });
  await expectMessages(alice, texts);

  // Bob, who never reloaded, got every one live, once, in order.
  await expectMessages(bob, texts, 30_000);

  // The database: each body once, in the order typed; whatever the browser saw accepted is there.
  const stored = await storedMessages(stack().databaseUrl, conversationId);
  expect(stored.map((m) => m.body)).toEqual(texts);
  expect(accepted.size).toBeGreaterThan(0);
  for (const clientId of accepted) expect(stored.map((m) => m.clientId)).toContain(clientId);
});
