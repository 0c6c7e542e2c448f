import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { message } from "@/db/schema";
import type { MessageDTO } from "@/lib/dto";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { listConversationPage, markConversationRead, openDirectConversation } from "./conversations";
import { getMessagesPage, sendMessage } from "./messages";
import { createUser, type Actor } from "./users";

let ana: Actor;
let ben: Actor;
let cy: Actor;
let chat: string;
const clients: ReturnType<typeof connectAs>[] = [];

beforeAll(async () => {
  ana = await createUser({ username: "ana", password: "password-ana" });
  ben = await createUser({ username: "ben", password: "password-ben" });
  cy = await createUser({ username: "cyd", password: "password-cyd" });
  chat = await openDirectConversation(ana, ben.id);
});
afterAll(() => clients.forEach((c) => c.disconnect()));

async function storedCount(conversationId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(message).where(eq(message.conversationId, conversationId));
  return row!.n;
}

describe("sending", () => {
  it("stores a message once and delivers it to a subscribed member through Soketi", async () => {
    const client = connectAs(ben);
    clients.push(client);
    const channel = await subscribe(client, conversationChannel(chat));
    const own = await subscribe(client, userChannel(ben.id));
    const received = collect<MessageDTO>(channel, "message.created");
    const activity = collect<{ conversationId: string }>(own, "conversation.activity");

    const before = await storedCount(chat);
    const { message: sent, created } = await sendMessage(ana, {
      conversationId: chat,
      clientId: crypto.randomUUID(),
      body: "hello <b>ben</b>",
    });
    expect(created).toBe(true);
    expect(await storedCount(chat)).toBe(before + 1);

    await until(() => received.length === 1 && activity.length === 1);
    expect(received[0]).toEqual(sent);
    expect(received[0]!.body).toBe("hello <b>ben</b>");
    expect(activity[0]).toEqual({
      change: "created",
      conversationId: chat,
      messageId: sent.id,
      kind: "text",
      createdAt: sent.createdAt,
      preview: { senderId: ana.id, senderUsername: "ana", body: "hello <b>ben</b>" },
      mentions: [],
    });
  });

  it("stores a retried send (same clientId) once and returns the original", async () => {
    const clientId = crypto.randomUUID();
    const before = await storedCount(chat);
    const first = await sendMessage(ana, { conversationId: chat, clientId, body: "once" });
    const retry = await sendMessage(ana, { conversationId: chat, clientId, body: "once" });
    expect(retry.created).toBe(false);
    expect(retry.message).toEqual(first.message);
    expect(await storedCount(chat)).toBe(before + 1);
  });

  it("announces a retried send again, in case the first attempt died between storing and publishing", async () => {
    const client = connectAs(ben);
    clients.push(client);
    const received = collect<MessageDTO>(await subscribe(client, conversationChannel(chat)), "message.created");
    // Stored by an attempt whose server was killed before it published anything.
    const clientId = crypto.randomUUID();
    const db = await getDb();
    await db.insert(message).values({ conversationId: chat, senderId: ana.id, clientId, body: "stored, never announced" });

    const retry = await sendMessage(ana, { conversationId: chat, clientId, body: "stored, never announced" });
    expect(retry.created).toBe(false);
    await until(() => received.some((m) => m.clientId === clientId));
    expect(received.filter((m) => m.clientId === clientId)).toEqual([retry.message]);
  });

  it("stores one row when the same clientId arrives 20 times at once", async () => {
    const clientId = crypto.randomUUID();
    const before = await storedCount(chat);
    const results = await Promise.all(Array.from({ length: 20 }, () => sendMessage(ana, { conversationId: chat, clientId, body: "burst" })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(await storedCount(chat)).toBe(before + 1);
  });

  it("lets two senders use the same clientId independently", async () => {
    const clientId = crypto.randomUUID();
    const a = await sendMessage(ana, { conversationId: chat, clientId, body: "from ana" });
    const b = await sendMessage(ben, { conversationId: chat, clientId, body: "from ben" });
    expect(a.created && b.created).toBe(true);
    expect(a.message.id).not.toBe(b.message.id);
  });

  it.each([
    ["a non-member", () => cy, () => ({ body: "let me in" }), "forbidden:conversation"],
    ["an unknown conversation", () => ana, () => ({ conversationId: "3f8a7c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b" }), "not_found:conversation"],
    ["an empty body", () => ana, () => ({ body: "  \n " }), "bad_request:input"],
    ["a body over 4000 characters", () => ana, () => ({ body: "x".repeat(4001) }), "payload_too_large:message"],
    ["a malformed clientId", () => ana, () => ({ clientId: "1" }), "bad_request:input"],
    ["a reply to a message elsewhere", () => ana, () => ({ replyTo: 999_999 }), "bad_request:input"],
  ])("refuses %s and stores nothing", async (_, who, patch, code) => {
    const before = await storedCount(chat);
    await expect(sendMessage(who(), { conversationId: chat, clientId: crypto.randomUUID(), body: "x", ...patch() })).rejects.toMatchObject({ code });
    expect(await storedCount(chat)).toBe(before);
  });
});

describe("history", () => {
  it("pages back by cursor and returns every message exactly once while new ones arrive", async () => {
    const room = await openDirectConversation(cy, ben.id);
    for (let i = 0; i < 120; i++) {
      await sendMessage(cy, { conversationId: room, clientId: crypto.randomUUID(), body: `m${i}` });
    }
    const seen: number[] = [];
    let page = await getMessagesPage(ben, room, { limit: 50 });
    seen.push(...page.messages.map((m) => m.id));
    let extra = 0;
    while (page.hasMore) {
      // Someone keeps talking while the reader scrolls back.
      await sendMessage(cy, { conversationId: room, clientId: crypto.randomUUID(), body: `late${extra++}` });
      page = await getMessagesPage(ben, room, { before: page.messages[0]!.id, limit: 50 });
      seen.unshift(...page.messages.map((m) => m.id));
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const after = await getMessagesPage(ben, room, { after: seen.at(-1)! });
    expect(after.messages.map((m) => m.body)).toEqual(Array.from({ length: extra }, (_, i) => `late${i}`));
  });

  it("refuses a non-member", async () => {
    await expect(getMessagesPage(cy, chat)).rejects.toMatchObject({ status: 403 });
  });
});

describe("the lean send path", () => {
  it("stores sends that arrive together in one batch: each once, each sender's in order, a bad one failing no other", async () => {
    const dee = await createUser({ username: "dee", password: "password-dee" });
    const withDee = await openDirectConversation(ana, dee.id);
    const listener = connectAs(ben);
    clients.push(listener);
    const received = collect<MessageDTO>(await subscribe(listener, conversationChannel(chat)), "message.created");
    const reused = crypto.randomUUID();
    await sendMessage(ana, { conversationId: withDee, clientId: reused, body: "in the other chat" });

    const sends = [
      ...Array.from({ length: 12 }, (_, i) => ({ who: ana, conversationId: chat, body: `ana ${i}` })),
      ...Array.from({ length: 12 }, (_, i) => ({ who: ben, conversationId: chat, body: `ben ${i}` })),
      ...Array.from({ length: 6 }, (_, i) => ({ who: dee, conversationId: withDee, body: `dee ${i}` })),
    ].map((send) => ({ ...send, clientId: crypto.randomUUID() }));
    const settled = await Promise.allSettled([
      ...sends.map((s) => sendMessage(s.who, { conversationId: s.conversationId, clientId: s.clientId, body: s.body })),
      // Refused inside the same batch: a clientId this sender already used in another chat.
      sendMessage(ana, { conversationId: chat, clientId: reused, body: "reused" }),
    ]);
    expect(settled.at(-1)).toMatchObject({ status: "rejected", reason: { code: "bad_request:input" } });
    const results = settled.slice(0, -1).map((r) => (r.status === "fulfilled" ? r.value : null));
    expect(results.every((r) => r?.created)).toBe(true);
    for (const who of [ana, ben, dee]) {
      const ids = results.filter((_, i) => sends[i]!.who === who).map((r) => r!.message.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    const stored = await getMessagesPage(ben, chat, { limit: 200 });
    for (const [i, send] of sends.entries()) {
      if (send.conversationId !== chat) continue;
      expect(stored.messages.filter((m) => m.clientId === send.clientId)).toEqual([results[i]!.message]);
    }
    // Each one answered is on the channel as stored: the answer came after the publish.
    await until(() => sends.filter((s) => s.conversationId === chat).every((s) => received.some((m) => m.clientId === s.clientId)));
    expect(received.filter((m) => m.body === "reused")).toEqual([]);
  });

  it("announces a retry again only while it is recent", async () => {
    const listener = connectAs(ben);
    clients.push(listener);
    const received = collect<MessageDTO>(await subscribe(listener, conversationChannel(chat)), "message.created");
    const db = await getDb();
    const clientId = crypto.randomUUID();
    await db.insert(message).values({ conversationId: chat, senderId: ana.id, clientId, body: "from last week", createdAt: new Date(Date.now() - 7 * 864e5) });
    const marker = crypto.randomUUID();

    expect((await sendMessage(ana, { conversationId: chat, clientId, body: "from last week" })).created).toBe(false);
    await sendMessage(ana, { conversationId: chat, clientId: marker, body: "marker" });
    await until(() => received.some((m) => m.clientId === marker));
    expect(received.filter((m) => m.clientId === clientId)).toEqual([]);
  });

  it("refuses a session whose version is no longer the user's, and moves the sender's read position", async () => {
    await expect(
      sendMessage({ id: ana.id, sessionVersion: 99 }, { conversationId: chat, clientId: crypto.randomUUID(), body: "revoked" }),
    ).rejects.toMatchObject({ code: "unauthorized:session" });
    await sendMessage(ben, { conversationId: chat, clientId: crypto.randomUUID(), body: "for ana" });
    const sent = await sendMessage({ id: ana.id, sessionVersion: 0 }, { conversationId: chat, clientId: crypto.randomUUID(), body: "current" });
    const summary = (await listConversationPage(ana)).conversations.find((c) => c.id === chat)!;
    expect(summary).toMatchObject({ unreadCount: 0, lastReadMessageId: sent.message.id });
  });
});

describe("conversation list", () => {
  it("orders by newest activity and derives unread counts from the read position", async () => {
    const dan = await createUser({ username: "dan", password: "password-dan" });
    const withAna = await openDirectConversation(dan, ana.id);
    const withBen = await openDirectConversation(dan, ben.id);
    await sendMessage(ana, { conversationId: withAna, clientId: crypto.randomUUID(), body: "one" });
    await sendMessage(ana, { conversationId: withAna, clientId: crypto.randomUUID(), body: "two" });
    await sendMessage(ben, { conversationId: withBen, clientId: crypto.randomUUID(), body: "three" });
    const four = await sendMessage(ben, { conversationId: withBen, clientId: crypto.randomUUID(), body: "four" });

    let list = (await listConversationPage(dan)).conversations;
    expect(list.map((c) => [c.title, c.unreadCount])).toEqual([
      ["ben", 2],
      ["ana", 2],
    ]);
    expect(list[0]!.lastMessage?.body).toBe("four");

    const position = { lastReadMessageId: four.message.id - 1, unreadCount: 1, unreadTotal: 3, mentionCount: 0 };
    expect(await markConversationRead(dan, withBen, four.message.id - 1)).toEqual(position);
    // Never moves back.
    expect(await markConversationRead(dan, withBen, 1)).toEqual(position);
    list = (await listConversationPage(dan)).conversations;
    expect(list.find((c) => c.id === withBen)?.unreadCount).toBe(1);

    // Sending counts as having read the chat: everything before one's own message is read.
    const mine = await sendMessage(dan, { conversationId: withBen, clientId: crypto.randomUUID(), body: "mine" });
    list = (await listConversationPage(dan)).conversations;
    expect(list[0]).toMatchObject({ id: withBen, unreadCount: 0, lastReadMessageId: mine.message.id, lastMessage: { body: "mine" } });
  });

  it("shows an empty direct chat only to the one who opened it", async () => {
    const eve = await createUser({ username: "eve", password: "password-eve" });
    const fay = await createUser({ username: "fay", password: "password-fay" });
    const id = await openDirectConversation(eve, fay.id);
    expect((await listConversationPage(eve)).conversations.map((c) => c.id)).toEqual([id]);
    expect((await listConversationPage(fay)).conversations).toEqual([]);
    // One conversation per pair, whoever opens it.
    expect(await openDirectConversation(fay, eve.id)).toBe(id);
  });
});
