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
  for (const [i, peer] of peers.entries()) {
    const response = await fetch(`${process.env.E2E_BASE_URL}/api/conversations/${chats[i]}/messages`, {
      method: "POST",
      headers: { cookie: peer.cookie, "content-type": "application/json" },
      body: JSON.stringify({ clientId: crypto.randomUUID(), body: `hello from ${i}` }),
    });
    expect(response.status).toBe(201);
  }

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
