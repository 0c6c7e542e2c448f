import { expect, type Browser } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { SESSION_COOKIE, seedDirectConversations, seedUsers, type SeededUser } from "../support/seed";
import { conversationEntry, messageItem, send, test } from "../fixtures";
import { TEST_AUTH_SECRET } from "../support/stack";

const PEERS = 60;

async function contextAs(browser: Browser, user: SeededUser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const baseURL = process.env.E2E_BASE_URL!;
  const context = await browser.newContext(options);
  await context.addCookies([{ name: SESSION_COOKIE, value: user.cookie.slice(SESSION_COOKIE.length + 1), url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  return context.newPage();
}

/** A message from a seeded user, through the HTTP API. */
async function sendAs(user: SeededUser, conversationId: string, body: string) {
  const response = await fetch(`${process.env.E2E_BASE_URL}/api/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { cookie: user.cookie, "content-type": "application/json" },
    body: JSON.stringify({ clientId: crypto.randomUUID(), body }),
  });
  expect(response.status).toBe(201);
}

test("a long chat list comes in pages as it scrolls, finds any chat by name, and stays live and in order", async ({ browser }) => {
  test.setTimeout(120_000);
  // Sixty people who each wrote to Rae once, the oldest first: more than the first page of 50.
  const db = await openDatabase(process.env.E2E_DATABASE_URL!);
  const tag = Math.random().toString(36).slice(2, 7);
  const [rae] = await seedUsers(db, `rae_${tag}`, 1, TEST_AUTH_SECRET);
  const peers = await seedUsers(db, `lp_${tag}`, PEERS, TEST_AUTH_SECRET);
  const chats = await seedDirectConversations(
    db,
    peers.map((p) => [p, rae!]),
  );
  db.$client.close();
  for (const [i, peer] of peers.entries()) await sendAs(peer, chats[i]!, `hello from ${i}`);

  // On a phone, in another time zone: the list is the whole screen there.
  const phone = await contextAs(browser, rae!, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, timezoneId: "Asia/Tokyo" });
  await phone.goto("/");
  const list = phone.getByRole("navigation", { name: "Conversations" });
  const rows = list.getByRole("listitem").filter({ has: phone.getByRole("link") });
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(`lp_${tag}_59`);
  await expect(conversationEntry(phone, `lp_${tag}_0`)).toHaveCount(0);
  // Every unread message counts in the title, also those in chats not shown yet.
  await expect(phone).toHaveTitle(/^\(60\) /);

  // Scrolling to the end of the list brings the next page.
  await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(rows).toHaveCount(PEERS);
  await expect(rows.last()).toContainText(`lp_${tag}_0`);
  await expect(list.getByRole("button", { name: "More chats" })).toHaveCount(0);

  // A search covers the whole list, held or not.
  await phone.reload();
  await expect(rows).toHaveCount(50);
  const search = phone.getByRole("searchbox", { name: "Search chats" });
  await search.fill(`lp_${tag}_3`);
  const found = phone.getByRole("list", { name: "Matching chats" }).getByRole("link");
  // _39 … _30 and _3, newest first.
  await expect(found).toHaveCount(11);
  await expect(found.last()).toContainText(`lp_${tag}_3`);
  await search.fill("no such chat anywhere");
  await expect(list.getByText("No chats match")).toBeVisible();
  await search.fill("");
  await expect(rows).toHaveCount(50);

  // The oldest chat, not held, gets a message typed in another browser: it comes to the top, live,
  // with its two unread, and the title counts it.
  const oldest = await contextAs(browser, peers[0]!);
  await oldest.goto(`/c/${chats[0]}`);
  await send(oldest, "back from the bottom");
  await expect(messageItem(oldest, "back from the bottom")).toBeVisible();
  await expect(rows.first()).toContainText("back from the bottom");
  await expect(rows.first().getByLabel("2 unread")).toBeVisible();
  await expect(phone).toHaveTitle(/^\(61\) /);

  // Reading it on the phone takes its two off the total; the list keeps its order.
  await rows.first().getByRole("link").tap();
  await expect(messageItem(phone, "back from the bottom")).toBeVisible();
  await expect(phone).toHaveTitle(/^\(59\) /);
  await phone.goBack();
  await expect(rows.first()).toContainText(`lp_${tag}_0`);
  await expect(rows.nth(1)).toContainText(`lp_${tag}_59`);
  await expect(rows.first().getByLabel(/unread/)).toHaveCount(0);
});

test("a chat list's links prefetch nothing in view, open a chat without reloading the page, and a Ctrl+click opens a new tab", async ({ browser }) => {
  const db = await openDatabase(process.env.E2E_DATABASE_URL!);
  const tag = Math.random().toString(36).slice(2, 7);
  const [rae] = await seedUsers(db, `rl_${tag}`, 1, TEST_AUTH_SECRET);
  const peers = await seedUsers(db, `lk_${tag}`, 4, TEST_AUTH_SECRET);
  const chats = await seedDirectConversations(
    db,
    peers.map((p) => [p, rae!]),
  );
  db.$client.close();
  for (const [i, peer] of peers.entries()) await sendAs(peer, chats[i]!, `link test ${i}`);

  const page = await contextAs(browser, rae!);
  const prefetches: string[] = [];
  page.on("request", (request) => {
    const headers = request.headers();
    if (headers["next-router-prefetch"] || headers["next-router-segment-prefetch"]) prefetches.push(new URL(request.url()).pathname);
  });
  await page.goto("/");
  for (const peer of peers) await expect(conversationEntry(page, new RegExp(peer.username))).toBeVisible();
  await page.waitForLoadState("networkidle");
  // next/link would have asked for each of the four chats in view by now.
  expect(prefetches).toEqual([]);

  // Pointing at a chat fetches it ahead of the click; the click moves there in the same page.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await conversationEntry(page, new RegExp(peers[0]!.username)).hover();
  await expect.poll(() => prefetches.some((path) => path === `/c/${chats[0]}`)).toBe(true);
  await conversationEntry(page, new RegExp(peers[0]!.username)).click();
  await page.waitForURL(`**/c/${chats[0]}`);
  await expect(page.getByRole("region", { name: new RegExp(`^Chat with ${peers[0]!.username}`) })).toBeVisible();
  expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);

  // Ctrl+click is the browser's: a new tab with that chat, this one stays.
  const opened = page.context().waitForEvent("page");
  await conversationEntry(page, new RegExp(peers[1]!.username)).click({ modifiers: ["ControlOrMeta"] });
  const tab = await opened;
  await tab.waitForURL(`**/c/${chats[1]}`);
  expect(new URL(page.url()).pathname).toBe(`/c/${chats[0]}`);
  await page.context().close();
});
