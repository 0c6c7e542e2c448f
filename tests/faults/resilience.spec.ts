import { expect, test, type Page, type Route } from "@playwright/test";
import { ownStackForThisFile } from "../support/own-stack";
import { storedMessages } from "../support/stored-messages";
import { messageItem, messageItems, messageLog, send } from "../fixtures";
import { expectMessages, twoPeopleInAChat } from "./two-people";

// This file kills and restarts servers, so it runs on a stack of its own.
test.describe.configure({ mode: "serial", timeout: 150_000 });
const stack = ownStackForThisFile();

const bodies = async (conversationId: string) => (await storedMessages(stack().databaseUrl, conversationId)).map((m) => m.body);
/** The message is stored: its bubble carries the server's id, no longer a pending one. */
const stored = (page: Page, text: string) => expect(messageItem(page, text)).toHaveAttribute("data-message-id", /^\d+$/);

test("no message is lost or doubled while the realtime server is down", async ({ browser }) => {
  const { alice, bob, conversationId } = await twoPeopleInAChat(browser, stack().baseURL);

  await send(alice, "before 1");
  await expect(messageItem(bob, "before 1")).toBeVisible();
  // The chat was empty when Bob opened it, so his list fetched it on its first message: let that
  // fetch land before counting.
  await expect(bob.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: "before 1" })).toBeVisible();
  await bob.waitForTimeout(1000);

  // What Bob's page asks the app for from the restart on (a reconnect's herd is made of these).
  // A request the busy server shed (429) and that was asked again later counts once.
  const asked: string[] = [];
  bob.on("response", (response) => {
    const { pathname, search } = new URL(response.url());
    if (!pathname.startsWith("/api/") || response.status() === 429) return;
    asked.push(`${response.request().method()} ${pathname.replace(/[0-9a-f-]{36}/g, ":id")}${search ? "?" : ""}`);
  });
  await stack().killSoketi();
  await expect(alice.getByRole("status").filter({ hasText: "Reconnecting" })).toBeVisible({ timeout: 30_000 });
  for (let i = 1; i <= 5; i++) {
    await send(alice, `during ${i}`);
    // Stored: the server accepted it even though nobody could be told live.
    await stored(alice, `during ${i}`);
  }
  await stack().startSoketi();

  const expected = ["before 1", ...Array.from({ length: 5 }, (_, i) => `during ${i + 1}`)];
  await expectMessages(bob, expected, 60_000);
  // Back, Bob's page signed its socket in and all its channels in one request each, and caught up with one page of the
  // chat, one of the list and, the chat being direct, Alice's presence (each after a random moment
  // of up to 2 s).
  await bob.waitForTimeout(3000);
  const reconnect = asked.filter((a) => !a.startsWith("POST /api/conversations/:id/read") && !a.startsWith("POST /api/presence"));
  expect(reconnect.toSorted()).toEqual([
    "GET /api/conversations/:id/messages",
    "GET /api/conversations?",
    "GET /api/presence?",
    "POST /api/realtime/auth/batch",
    "POST /api/realtime/user-auth",
  ]);

  await send(alice, "after");
  await expect(messageItem(bob, "after")).toBeVisible();
  await expect(messageItems(bob)).toHaveCount(expected.length + 1);
  // The database agrees: each once, in the order sent.
  expect(await bodies(conversationId)).toEqual([...expected, "after"]);
});

/** Lets a test decide, per attempt, what happens to the page's message sends; records their clientIds. */
async function interceptSends(page: Page, decide: (body: string, attempt: number) => "refuse" | "lose" | "pass") {
  const attempts: { body: string; clientId: string }[] = [];
  await page.route("**/api/conversations/*/messages", async (route: Route) => {
    if (route.request().method() !== "POST") return route.continue();
    const { body, clientId } = route.request().postDataJSON() as { body: string; clientId: string };
    const attempt = attempts.filter((a) => a.body === body).length;
    attempts.push({ body, clientId });
    const outcome = decide(body, attempt);
    if (outcome === "pass") return route.continue();
    if (outcome === "refuse") return route.abort("connectionrefused");
    // Stored, but the answer is lost on the way (a gateway gave up).
    const answer = await route.fetch();
    expect(answer.status()).toBe(201);
    await route.fulfill({ status: 504, json: { error: { code: "gateway_timeout", message: "The server did not answer." } } });
  });
  return attempts;
}

test("a send that cannot get through is sent again by itself, with the same clientId, once and in order", async ({ browser }) => {
  const { alice, bob, conversationId } = await twoPeopleInAChat(browser, stack().baseURL);
  const attempts = await interceptSends(alice, (body, attempt) =>
    body === "flaky" && attempt < 3 ? "refuse" : body === "lost answer" && attempt === 0 ? "lose" : "pass",
  );

  // "after flaky" is written while "flaky" is still being retried; it must not overtake it.
  await send(alice, "flaky");
  await expect(messageItem(alice, "flaky")).toContainText("Not sent yet");
  await send(alice, "after flaky");
  await send(alice, "lost answer");
  for (const text of ["flaky", "after flaky", "lost answer"]) await stored(alice, text);

  const flakyTries = attempts.filter((a) => a.body === "flaky");
  expect(flakyTries.length).toBeGreaterThanOrEqual(4);
  expect(new Set(flakyTries.map((a) => a.clientId)).size).toBe(1);
  expect(attempts.findIndex((a) => a.body === "after flaky")).toBeGreaterThan(attempts.findLastIndex((a) => a.body === "flaky"));

  await expectMessages(bob, ["flaky", "after flaky", "lost answer"]);
  await expect(messageLog(alice).getByText("lost answer", { exact: true })).toHaveCount(1);
  expect(await bodies(conversationId)).toEqual(["flaky", "after flaky", "lost answer"]);
});

test("a send that fails for longer than the retries last shows Failed, and Retry stores exactly one copy", async ({ browser }) => {
  // Alice's clock is Playwright's, so that the two minutes of retries pass at once.
  const { alice, bob, conversationId } = await twoPeopleInAChat(browser, stack().baseURL, (page) => page.clock.install());
  let serverReachable = false;
  await interceptSends(alice, () => (serverReachable ? "pass" : "refuse"));

  await send(alice, "unreachable");
  await expect(messageItem(alice, "unreachable")).toContainText("Not sent yet");
  await expect(messageItem(alice, "unreachable").getByRole("button", { name: "Retry" })).toHaveCount(0);
  await alice.clock.fastForward("02:00");
  await expect(messageItem(alice, "unreachable")).toContainText("Failed");

  serverReachable = true;
  await messageItem(alice, "unreachable").getByRole("button", { name: "Retry" }).click();
  await stored(alice, "unreachable");
  await expect(messageItem(bob, "unreachable")).toBeVisible();
  await bob.reload();
  await expect(messageLog(bob).getByText("unreachable", { exact: true })).toHaveCount(1);
  expect(await bodies(conversationId)).toEqual(["unreachable"]);
});

test("messages not sent yet survive a reload of the page and are then sent in order", async ({ browser }) => {
  const { alice, bob, conversationId } = await twoPeopleInAChat(browser, stack().baseURL);
  let serverReachable = false;
  await interceptSends(alice, () => (serverReachable ? "pass" : "refuse"));

  await send(alice, "kept 1");
  await send(alice, "kept 2");
  await expect(messageItem(alice, "kept 2")).toHaveAttribute("data-pending");
  await alice.reload();
  // Back from the tab's storage, still on their way.
  await expect(messageItem(alice, "kept 1")).toHaveAttribute("data-pending");
  await expect(messageItem(alice, "kept 2")).toHaveAttribute("data-pending");

  serverReachable = true;
  await stored(alice, "kept 1");
  await stored(alice, "kept 2");
  await expectMessages(bob, ["kept 1", "kept 2"]);
  expect(await bodies(conversationId)).toEqual(["kept 1", "kept 2"]);
});
