import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/realtime/webhook/route";
import { getDb } from "@/db";
import { contact, user } from "@/db/schema";
import { getPresence } from "@/lib/dal/contacts";
import { markAlive, PRESENCE_STALE_MS } from "@/lib/dal/presence";
import { createUser } from "@/lib/dal/users";
import { userChannel } from "@/lib/realtime/channels";
import { createActors } from "@/tests/support/actors";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { TEST_REALTIME } from "@/tests/support/stack";

const { ana, ben, cyd } = await createActors("ana", "ben", "cyd");

beforeAll(async () => {
  const db = await getDb();
  await db.insert(contact).values({ requesterId: ana.id, addresseeId: ben.id, status: "accepted", acceptedAt: new Date() });
});

function webhook(events: { name: string; channel?: string }[], options: { secret?: string; key?: string; timeMs?: number } = {}) {
  const body = JSON.stringify({ time_ms: options.timeMs ?? Date.now(), events });
  const signature = createHmac("sha256", options.secret ?? TEST_REALTIME.secret)
    .update(body)
    .digest("hex");
  return new Request("http://localhost/api/realtime/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "x-pusher-key": options.key ?? TEST_REALTIME.key, "x-pusher-signature": signature },
    body,
  });
}

async function onlineSince(id: string) {
  const db = await getDb();
  return (await db.query.user.findFirst({ where: eq(user.id, id), columns: { onlineSince: true } }))?.onlineSince ?? null;
}

async function lastSeenAt(id: string) {
  const db = await getDb();
  return (await db.query.user.findFirst({ where: eq(user.id, id), columns: { lastSeenAt: true } }))?.lastSeenAt?.getTime() ?? null;
}

describe("the presence webhook", () => {
  it("marks a user online when their channel is occupied and tells their contacts", async () => {
    const client = connectAs(ben);
    const heard = collect<{ userId: string; online: boolean }>(await subscribe(client, userChannel(ben.id)), "presence.changed");
    const response = await POST(webhook([{ name: "channel_occupied", channel: userChannel(ana.id) }]));
    expect(response.status).toBe(200);
    expect(await onlineSince(ana.id)).not.toBeNull();
    await until(() => heard.length === 1);
    expect(heard[0]).toMatchObject({ userId: ana.id, online: true });

    expect(await POST(webhook([{ name: "channel_vacated", channel: userChannel(ana.id) }]))).toHaveProperty("status", 200);
    expect(await onlineSince(ana.id)).toBeNull();
    await until(() => heard.length === 2);
    expect(heard[1]).toMatchObject({ userId: ana.id, online: false });
    client.disconnect();
  });

  it.each([
    ["a wrong secret", { secret: "guessed" }],
    ["a wrong key", { key: "other-app" }],
  ])("refuses a body signed with %s and changes nothing", async (_, options) => {
    const response = await POST(webhook([{ name: "channel_occupied", channel: userChannel(cyd.id) }], options));
    expect(response.status).toBe(401);
    expect(await onlineSince(cyd.id)).toBeNull();
  });

  it("refuses an unsigned body", async () => {
    const response = await POST(
      new Request("http://localhost/api/realtime/webhook", {
        method: "POST",
        body: JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_occupied", channel: userChannel(cyd.id) }] }),
      }),
    );
    expect(response.status).toBe(401);
    expect(await onlineSince(cyd.id)).toBeNull();
  });

  it("refuses a replayed body and a stale one", async () => {
    const original = webhook([{ name: "channel_occupied", channel: userChannel(cyd.id) }]);
    const copy = original.clone();
    expect((await POST(original)).status).toBe(200);
    expect(await onlineSince(cyd.id)).not.toBeNull();
    await POST(webhook([{ name: "channel_vacated", channel: userChannel(cyd.id) }]));
    expect((await POST(copy)).status).toBe(409);
    expect(await onlineSince(cyd.id)).toBeNull();

    const stale = webhook([{ name: "channel_occupied", channel: userChannel(cyd.id) }], { timeMs: Date.now() - 10 * 60_000 });
    expect((await POST(stale)).status).toBe(409);
    expect(await onlineSince(cyd.id)).toBeNull();
  });

  it("answers malformed signed bodies with 400 and ignores foreign channels", async () => {
    const signed = (body: string) =>
      new Request("http://localhost/api/realtime/webhook", {
        method: "POST",
        headers: {
          "x-pusher-key": TEST_REALTIME.key,
          "x-pusher-signature": createHmac("sha256", TEST_REALTIME.secret).update(body).digest("hex"),
        },
        body,
      });
    expect((await POST(signed("not json"))).status).toBe(400);
    expect((await POST(signed(JSON.stringify({ events: "x" })))).status).toBe(400);
    const other = await POST(webhook([{ name: "channel_occupied", channel: "private-conversation-whatever" }]));
    expect(other.status).toBe(200);
  });
});

describe("webhook order", () => {
  it("ignores a departure older than the latest socket opened (a reload's close arriving late)", async () => {
    const t = Date.now();
    const dan = await createUser({ username: "dan", password: "password-dan" });
    // The new page's socket is reported first, the old page's close second, with an earlier time.
    expect((await POST(webhook([{ name: "channel_occupied", channel: userChannel(dan.id) }], { timeMs: t }))).status).toBe(200);
    expect((await POST(webhook([{ name: "channel_vacated", channel: userChannel(dan.id) }], { timeMs: t - 500 }))).status).toBe(200);
    expect(await onlineSince(dan.id)).not.toBeNull();
    // A later departure counts.
    expect((await POST(webhook([{ name: "channel_vacated", channel: userChannel(dan.id) }], { timeMs: t + 500 }))).status).toBe(200);
    expect(await onlineSince(dan.id)).toBeNull();
  });

  it("counts a departure although the closed tab's last heartbeat was handled after it", async () => {
    const t = Date.now();
    const eve = await createUser({ username: "eve", password: "password-eve" });
    await POST(webhook([{ name: "channel_occupied", channel: userChannel(eve.id) }], { timeMs: t }));
    // The tab sent a heartbeat and closed; a busy server handled the heartbeat after Soketi's report.
    await markAlive(eve.id, new Date(t + 900));
    expect((await POST(webhook([{ name: "channel_vacated", channel: userChannel(eve.id) }], { timeMs: t + 500 }))).status).toBe(200);
    expect(await onlineSince(eve.id)).toBeNull();
    // Another heartbeat of the closed tab, later still, does not bring her back either.
    await markAlive(eve.id, new Date(t + 1500));
    expect(await onlineSince(eve.id)).toBeNull();
    expect(await lastSeenAt(eve.id)).toBe(t + 900);
    // Heartbeats long after the departure come from a tab whose channel_occupied was lost: she is online.
    await markAlive(eve.id, new Date(t + 30_000));
    expect(await onlineSince(eve.id)).not.toBeNull();
  });
});

describe("presence visibility", () => {
  it("shows online or last seen to contacts only, and goes stale without heartbeats", async () => {
    const now = new Date();
    await markAlive(ben.id, now);
    expect(await getPresence(ana, ben.id)).toEqual({ online: true, lastSeenAt: now.getTime() });
    expect(await getPresence(cyd, ben.id)).toBeNull();

    const db = await getDb();
    await db
      .update(user)
      .set({ lastSeenAt: new Date(Date.now() - PRESENCE_STALE_MS - 1000) })
      .where(eq(user.id, ben.id));
    expect((await getPresence(ana, ben.id))?.online).toBe(false);
  });
});
