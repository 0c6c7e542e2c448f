import { createHmac, randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { startCluster, type Cluster, type ClusterNode } from "../support/cluster";
import { TEST_REALTIME } from "../support/stack";
import { befriend, messageItem, openChatWith, send, signUp, uniqueUsername } from "../fixtures";

// Two app instances on one database, two Soketi nodes on one Redis: app A and its browsers use node A,
// app B and its browsers node B. Whatever one side sees of the other crossed Redis or the database.
test.describe.configure({ mode: "serial" });
let cluster: Cluster;
test.beforeAll(async () => {
  // Five processes on a busy machine: each waits for its own readiness within its own limit.
  test.setTimeout(180_000);
  cluster = await startCluster({ log: Boolean(process.env.E2E_LOG) });
});
test.afterAll(async () => {
  await cluster?.stop();
});
// Closed before the cluster stops, so that no page is left reconnecting to a node that is gone.
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** A new browser (its own cookies) on one app instance, noting which Soketi node its pages connect to. */
async function browserOn(browser: Browser, node: ClusterNode, options: { heartbeats?: boolean } = {}) {
  const context = await browser.newContext({ baseURL: node.baseURL });
  contexts.push(context);
  // Without the open app's heartbeat, "online" and "last seen" can only come from Soketi's webhooks.
  if (options.heartbeats === false) await context.route("**/api/presence", (route) => route.abort());
  const realtimePorts = new Set<number>();
  context.on("page", (page) => page.on("websocket", (ws) => realtimePorts.add(Number(new URL(ws.url()).port))));
  const page = await context.newPage();
  return { context, page, realtimePorts };
}

async function signedUpOn(browser: Browser, node: ClusterNode, prefix: string, options?: { heartbeats?: boolean }) {
  const person = await browserOn(browser, node, options);
  const username = uniqueUsername(prefix);
  await signUp(person.page, username);
  // Its pages talk to its own node and no other, so anything from the other side came through Redis.
  await expect.poll(() => [...person.realtimePorts]).toEqual([node.soketiPort]);
  return { ...person, username };
}

/** Presence waits on Soketi's webhook to an app, the app's write and its publish back: slow on a busy machine. */
const WEBHOOK_DRIVEN = { timeout: 30_000 };

function typingIn(page: Page, username: string) {
  return page.getByRole("region", { name: /^Chat with/ }).getByText(`${username} is typing…`);
}

async function userRow(username: string) {
  const db = createClient({ url: cluster.databaseUrl });
  try {
    const { rows } = await db.execute({ sql: "SELECT id, last_seen_at FROM user WHERE username = ?", args: [username] });
    return rows[0] as unknown as { id: string; last_seen_at: number | null };
  } finally {
    db.close();
  }
}

test("messages, typing and read receipts cross from one Soketi node to the other, and both apps share one history", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await signedUpOn(browser, cluster.a, "ana");
  const ben = await signedUpOn(browser, cluster.b, "ben");
  const chatPath = await openChatWith(ana.page, ben.username);
  await ben.page.goto(chatPath);
  // Both are listening (one socket on each node, counted across the cluster), so what follows arrives
  // live and not in the catch-up a page makes as it subscribes.
  const channel = conversationChannel(chatPath.split("/").pop()!);
  await expect.poll(() => cluster.a.subscriptionCount(channel)).toBe(2);

  // App A publishes to node A; Ben hears it on node B. And the other way round.
  await send(ana.page, "hello from A");
  await expect(messageItem(ben.page, "hello from A")).toBeVisible();
  await send(ben.page, "hello from B");
  await expect(messageItem(ana.page, "hello from B")).toBeVisible();

  // Read receipts: Ben has the chat open, so app B records the read and tells node B, which Ana hears.
  await expect(messageItem(ana.page, "hello from A")).toContainText("Seen");
  await expect(messageItem(ben.page, "hello from B")).toContainText("Seen");

  // Typing is a client event on a presence channel: from Ben's node to Ana's, then back.
  const benTypes = ben.page.getByRole("textbox", { name: "Message" }).pressSequentially("On my way", { delay: 300 });
  await expect(typingIn(ana.page, ben.username)).toBeVisible();
  await benTypes;
  await ben.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(messageItem(ana.page, "On my way")).toBeVisible();
  await expect(typingIn(ana.page, ben.username)).toHaveCount(0);
  const anaTypes = ana.page.getByRole("textbox", { name: "Message" }).pressSequentially("See you", { delay: 300 });
  await expect(typingIn(ben.page, ana.username)).toBeVisible();
  await anaTypes;

  // One database: each app renders, from a fresh load, what was sent through the other.
  for (const person of [ana, ben]) {
    await person.page.reload();
    for (const text of ["hello from A", "hello from B", "On my way"]) await expect(messageItem(person.page, text)).toHaveCount(1);
  }
});

test("a contact's online and last seen follow their tabs across both nodes", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await signedUpOn(browser, cluster.a, "ana");
  const ben = await signedUpOn(browser, cluster.b, "ben", { heartbeats: false });
  await befriend(ana.page, ana.username, ben.page, ben.username);
  await openChatWith(ana.page, ben.username);
  const online = ana.page.getByText("online", { exact: true });
  const lastSeen = ana.page.getByText(/^last seen /);

  // Ben's only tab, on node B, closes: node B reports the channel vacated, app B records it, and Ana,
  // on node A, is told through Redis.
  await ben.page.close();
  await expect(lastSeen).toBeVisible(WEBHOOK_DRIVEN);

  // He comes back on node B: online again, live.
  const benOnB = await ben.context.newPage();
  await benOnB.goto("/");
  await expect(online).toBeVisible(WEBHOOK_DRIVEN);

  // A second tab through app A, on node A: one subscription on each node to his own channel.
  const benOnA = await ben.context.newPage();
  await benOnA.goto(`${cluster.a.baseURL}/`);
  await expect.poll(() => [...ben.realtimePorts].sort()).toEqual([cluster.a.soketiPort, cluster.b.soketiPort].sort());
  const benChannel = userChannel((await userRow(ben.username)).id);
  const subscriptions = () => cluster.b.subscriptionCount(benChannel);
  await expect.poll(subscriptions).toBe(2);

  // Closing the tab on node B leaves node B with none, but the cluster with one: no channel_vacated.
  await benOnB.close();
  await expect.poll(subscriptions).toBe(1);
  await expect(online).toBeVisible();

  // The last tab closes: now he is gone, and the departure recorded is this one, not the earlier tab's.
  const lastTabClosedAt = Date.now();
  await benOnA.close();
  await expect(lastSeen).toBeVisible(WEBHOOK_DRIVEN);
  const { last_seen_at: departedAt } = await userRow(ben.username);
  expect(departedAt).toBeGreaterThanOrEqual(lastTabClosedAt);
});

test("a webhook one app instance accepted is refused as a replay by the other", async ({ request }) => {
  // What two nodes send when both see a channel empty at the same moment, or what an attacker replays.
  const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_vacated", channel: userChannel(randomUUID()) }] });
  const headers = {
    "content-type": "application/json",
    "x-pusher-key": TEST_REALTIME.key,
    "x-pusher-signature": createHmac("sha256", TEST_REALTIME.secret).update(body).digest("hex"),
  };
  const post = (node: ClusterNode) => request.post(`${node.baseURL}/api/realtime/webhook`, { headers, data: body });

  expect((await post(cluster.a)).status()).toBe(200);
  // The receipts are in the shared database, not in app A's memory.
  expect((await post(cluster.b)).status()).toBe(409);
});
