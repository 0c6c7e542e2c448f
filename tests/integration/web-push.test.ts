import { eq } from "drizzle-orm";
import { importJWK, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { pushSubscription, user } from "@/db/schema";
import { openDirectConversation } from "@/lib/dal/conversations";
import { sendMessage } from "@/lib/dal/messages";
import { muteConversation } from "@/lib/dal/mutes";
import { deletePushSubscription, savePushSubscription, setHidePreviews } from "@/lib/dal/push";
import { createUser, type Actor } from "@/lib/dal/users";
import { pushesSettled, type PushPayload } from "@/lib/push/notify";
import { vapidKeys } from "@/lib/push/vapid";
import { asJson, browserSubscription, decryptPush, LocalPushService, type Received } from "@/tests/support/push-service";

/*
 * Web Push end to end on the server side, against no push service but one of the test's own: a
 * browser's subscription is made here (a P-256 key pair and an auth secret, as a browser makes
 * them), the app encrypts and signs a push for it when a message is sent, and this test's HTTP
 * endpoint receives it, checks the VAPID signature and decrypts it (RFC 8291, aes128gcm).
 */

/** The Authorization header must be a VAPID JWT (RFC 8292) for this push service's origin, signed by the app's key. */
async function verifyVapid(received: Received, audience: string): Promise<void> {
  const match = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(String(received.headers.authorization));
  expect(match).not.toBeNull();
  const [, token, publicKey] = match!;
  const keys = vapidKeys()!;
  expect(publicKey).toBe(keys.publicKey);
  const raw = Buffer.from(publicKey!, "base64url");
  const jwk = { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33, 65).toString("base64url") };
  const { payload } = await jwtVerify(token!, await importJWK(jwk, "ES256"), { audience });
  expect(payload.sub).toMatch(/^mailto:|^https:/);
  expect(payload.exp! * 1000).toBeGreaterThan(Date.now());
}

async function until<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for a push");
    await new Promise((r) => setTimeout(r, 25));
  }
}

const service = new LocalPushService();
let ana: Actor;
let ben: Actor;
let chat: string;

beforeAll(async () => {
  await service.start();
  ana = await createUser({ username: "pushana", password: "password-ana" });
  ben = await createUser({ username: "pushben", password: "password-ben" });
  chat = await openDirectConversation(ana, ben.id);
});
afterAll(() => service.stop());

async function subscriptionsOf(userId: string) {
  const db = await getDb();
  return db.select().from(pushSubscription).where(eq(pushSubscription.userId, userId));
}

const send = (from: Actor, body: string) => sendMessage(from, { conversationId: chat, clientId: crypto.randomUUID(), body });

describe("Web Push", () => {
  it("encrypts a push for the browser's own keys, delivers it to its push service, and it carries the conversation", async () => {
    const device = browserSubscription(`${service.origin}/push/ben-phone`);
    await savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: asJson(device) });

    const { message } = await send(ana, "lunch at noon? 🍜");
    const received = await until(() => service.to("/push/ben-phone")[0]);

    expect(received.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(received.headers.ttl)).toBeGreaterThan(0);
    await verifyVapid(received, service.origin);
    // Nothing readable on the wire: the text is only in the decrypted payload.
    expect(received.body.includes(Buffer.from("lunch"))).toBe(false);
    const payload = JSON.parse(decryptPush(device, received.body)) as PushPayload;
    expect(payload).toEqual({ type: "message", conversationId: chat, messageId: message.id, title: "pushana", body: "lunch at noon? 🍜" });

    // The sender's own devices are not pushed for their own message.
    const own = browserSubscription(`${service.origin}/push/ana-laptop`);
    await savePushSubscription({ ...ana, sessionVersion: 0 }, { subscription: asJson(own) });
    await send(ana, "second");
    await until(() => service.to("/push/ben-phone")[1]);
    await pushesSettled();
    expect(service.to("/push/ana-laptop")).toHaveLength(0);
    await deletePushSubscription(ana, { endpoint: own.endpoint });
  });

  it("never carries the message text for someone who chose to hide previews", async () => {
    const device = browserSubscription(`${service.origin}/push/ben-tablet`);
    await savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: asJson(device) });
    await setHidePreviews(ben, { hidePreviews: true });
    try {
      await send(ana, "the secret plan");
      const received = await until(() => service.to("/push/ben-tablet")[0]);
      const payload = JSON.parse(decryptPush(device, received.body)) as PushPayload;
      expect(payload.conversationId).toBe(chat);
      expect(payload.body).toBe("New message");
      expect(JSON.stringify(payload)).not.toContain("secret");
    } finally {
      await setHidePreviews(ben, { hidePreviews: false });
      await deletePushSubscription(ben, { endpoint: device.endpoint });
    }
  });

  it("pushes nothing for a chat the person muted, and the plain text once it is unmuted", async () => {
    const device = browserSubscription(`${service.origin}/push/ben-watch`);
    await savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: asJson(device) });
    try {
      await muteConversation(ben, { conversationId: chat, duration: "8h" });
      await send(ana, "while muted");
      await pushesSettled();
      expect(service.to("/push/ben-watch")).toHaveLength(0);

      await muteConversation(ben, { conversationId: chat, duration: "off" });
      await send(ana, "**back** to *normal*");
      const received = await until(() => service.to("/push/ben-watch")[0]);
      expect((JSON.parse(decryptPush(device, received.body)) as PushPayload).body).toBe("back to normal");
    } finally {
      await muteConversation(ben, { conversationId: chat, duration: "off" });
      await deletePushSubscription(ben, { endpoint: device.endpoint });
    }
  });

  it("removes a subscription the push service answers 410 or 404 for, and keeps one it accepted", async () => {
    const gone = browserSubscription(`${service.origin}/push/ben-gone`);
    const missing = browserSubscription(`${service.origin}/push/ben-missing`);
    service.answers.set("/push/ben-gone", 410);
    service.answers.set("/push/ben-missing", 404);
    await savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: asJson(gone) });
    await savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: asJson(missing) });
    expect((await subscriptionsOf(ben.id)).map((s) => s.endpoint)).toEqual(expect.arrayContaining([gone.endpoint, missing.endpoint]));

    await send(ana, "are you still there?");
    await until(() => service.to("/push/ben-gone")[0] && service.to("/push/ben-missing")[0]);
    await pushesSettled();
    const left = (await subscriptionsOf(ben.id)).map((s) => s.endpoint);
    expect(left).not.toContain(gone.endpoint);
    expect(left).not.toContain(missing.endpoint);
    expect(left).toContain(`${service.origin}/push/ben-phone`);
  });

  it("stops pushing to a device once its sign-in is revoked (sign out everywhere)", async () => {
    const db = await getDb();
    const before = service.to("/push/ben-phone").length;
    await db.update(user).set({ sessionVersion: 1 }).where(eq(user.id, ben.id));
    try {
      await send(ana, "after sign out everywhere");
      await pushesSettled();
      expect(service.to("/push/ben-phone")).toHaveLength(before);
    } finally {
      await db.update(user).set({ sessionVersion: 0 }).where(eq(user.id, ben.id));
    }
  });

  it("refuses a subscription that is not one: a plain-http endpoint elsewhere, bad keys", async () => {
    const device = browserSubscription("http://push.example.com/x");
    await expect(savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: asJson(device) })).rejects.toThrow(/https/);
    const bad = { ...asJson(browserSubscription("https://push.example.com/y")), keys: { p256dh: "short", auth: "x" } };
    await expect(savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: bad })).rejects.toThrow(/key is not valid/);
  });
});
