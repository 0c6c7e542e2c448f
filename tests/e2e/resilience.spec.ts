import { expect, test, type Browser, type Page } from "@playwright/test";
import { startStack, type Stack } from "../support/stack";
import { messageItem, messageItems, messageLog, openChatWith, send, signUp, uniqueUsername } from "../fixtures";

// This file kills and restarts servers, so it runs on a stack of its own.
test.describe.configure({ mode: "serial" });
let stack: Stack;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.stop();
});

/** Alice and Bob, signed up on this file's own stack, both with their direct chat open. */
async function twoPeopleInAChat(browser: Browser): Promise<{ alice: Page; bob: Page }> {
  const alice = await (await browser.newContext({ baseURL: stack.baseURL })).newPage();
  const bob = await (await browser.newContext({ baseURL: stack.baseURL })).newPage();
  const bobName = uniqueUsername("bob");
  await signUp(alice, uniqueUsername("alice"));
  await signUp(bob, bobName);
  await bob.goto(await openChatWith(alice, bobName));
  return { alice, bob };
}

test("no message is lost or doubled while the realtime server is down", async ({ browser }) => {
  test.setTimeout(120_000);
  const { alice, bob } = await twoPeopleInAChat(browser);

  await send(alice, "before 1");
  await expect(messageItem(bob, "before 1")).toBeVisible();

  await stack.killSoketi();
  await expect(alice.getByRole("status").filter({ hasText: "Reconnecting" })).toBeVisible({ timeout: 30_000 });
  for (let i = 1; i <= 5; i++) {
    await send(alice, `during ${i}`);
    // Stored: the server accepted it even though nobody could be told live.
    await expect(messageItem(alice, `during ${i}`)).not.toContainText("Sending");
  }
  await stack.startSoketi();

  const expected = ["before 1", ...Array.from({ length: 5 }, (_, i) => `during ${i + 1}`)];
  await expect(async () => {
    const texts = await messageItems(bob).allInnerTexts();
    expect(texts).toHaveLength(expected.length);
    expected.forEach((text, i) => expect(texts[i]).toContain(text));
  }).toPass({ timeout: 60_000 });

  await send(alice, "after");
  await expect(messageItem(bob, "after")).toBeVisible();
  await expect(messageItems(bob)).toHaveCount(expected.length + 1);
});

test("a send that fails shows Failed, and Retry delivers exactly one copy", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAChat(browser);
  // Alice's sends go through a switch: refused, answered but the answer lost, or passed through.
  let mode: "refuse" | "lose" | "pass" = "refuse";
  await alice.route("**/api/conversations/*/messages", async (route) => {
    if (route.request().method() !== "POST" || mode === "pass") return route.continue();
    if (mode === "refuse") return route.abort("connectionrefused");
    const stored = await route.fetch();
    expect(stored.status()).toBe(201);
    await route.fulfill({ status: 504, json: { error: { code: "gateway_timeout", message: "The server did not answer." } } });
  });

  // The server cannot be reached at all.
  await send(alice, "unreachable");
  await expect(messageItem(alice, "unreachable")).toContainText("Failed");
  mode = "pass";
  await messageItem(alice, "unreachable").getByRole("button", { name: "Retry" }).click();
  await expect(messageItem(bob, "unreachable")).toBeVisible();

  // The server stored it but its answer was lost on the way (a gateway gave up): whether the
  // realtime echo confirms it first or the person presses Retry, there is exactly one copy.
  mode = "lose";
  await send(alice, "lost answer");
  await expect(messageItem(alice, "lost answer")).not.toContainText("Sending");
  mode = "pass";
  const retry = messageItem(alice, "lost answer").getByRole("button", { name: "Retry" });
  if (await retry.isVisible()) await retry.click();

  await expect(messageItem(bob, "lost answer")).toBeVisible();
  await bob.reload();
  await expect(messageLog(bob).getByText("unreachable", { exact: true })).toHaveCount(1);
  await expect(messageLog(bob).getByText("lost answer", { exact: true })).toHaveCount(1);
  await expect(messageLog(alice).getByText("lost answer", { exact: true })).toHaveCount(1);
});
