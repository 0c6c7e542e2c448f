import { describe, expect, it } from "vitest";
import type { MessageDTO } from "@/lib/dto";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { createActors } from "@/tests/support/actors";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { countUnread, getReadStates, markConversationRead, openDirectConversation } from "./conversations";
import { deleteMessage, editMessage, getMessagesPage, sendMessage } from "./messages";
import { toggleReaction } from "./reactions";
import type { Actor } from "./users";

const { ana, ben, cyd } = await createActors("ana", "ben", "cyd");
const chat = await openDirectConversation(ana, ben.id);

const say = (who: Actor, body: string, replyTo?: number) =>
  sendMessage(who, { conversationId: chat, clientId: crypto.randomUUID(), body, replyTo }).then((r) => r.message);

describe("edit and delete", () => {
  it("edits my own message, marks it edited and tells the members", async () => {
    const client = connectAs(ben);
    const channel = await subscribe(client, conversationChannel(chat));
    const updates = collect<MessageDTO>(channel, "message.updated");
    const m = await say(ana, "typo");
    const edited = await editMessage(ana, { messageId: m.id, body: "fixed" });
    expect(edited).toMatchObject({ id: m.id, body: "fixed" });
    expect(edited.editedAt).not.toBeNull();
    await until(() => updates.length === 1);
    expect(updates[0]).toEqual(edited);
    client.disconnect();
  });

  it("deletes leaving a placeholder that survives reload", async () => {
    const m = await say(ana, "oops");
    await deleteMessage(ana, { messageId: m.id });
    const page = await getMessagesPage(ben, chat);
    expect(page.messages.find((x) => x.id === m.id)).toMatchObject({ body: null, deletedAt: expect.any(Number) });
  });

  it.each([
    ["someone else's message", () => ben, "forbidden:message"],
    ["a message in a chat I am not in", () => cyd, "forbidden:conversation"],
  ])("refuses to change %s", async (_, who, code) => {
    const m = await say(ana, "mine");
    await expect(editMessage(who(), { messageId: m.id, body: "hacked" })).rejects.toMatchObject({ code });
    await expect(deleteMessage(who(), { messageId: m.id })).rejects.toMatchObject({ code });
    const page = await getMessagesPage(ana, chat);
    expect(page.messages.find((x) => x.id === m.id)).toMatchObject({ body: "mine", editedAt: null, deletedAt: null });
  });

  it("refuses bad edits and unknown ids", async () => {
    const m = await say(ana, "keep");
    await expect(editMessage(ana, { messageId: m.id, body: " " })).rejects.toMatchObject({ status: 400 });
    await expect(editMessage(ana, { messageId: m.id, body: "x".repeat(4001) })).rejects.toMatchObject({ status: 413 });
    await expect(editMessage(ana, { messageId: 9_999_999, body: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(deleteMessage(ana, { messageId: "1; DROP TABLE message" })).rejects.toMatchObject({ status: 400 });
    await deleteMessage(ana, { messageId: m.id });
    await expect(editMessage(ana, { messageId: m.id, body: "back" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("replies", () => {
  it("quote the original and refuse one from another conversation", async () => {
    const original = await say(ana, "question?");
    const reply = await say(ben, "answer", original.id);
    expect(reply.replyTo).toEqual({ id: original.id, body: "question?", senderUsername: "ana" });

    const elsewhere = await openDirectConversation(cyd, ben.id);
    const foreign = await sendMessage(cyd, { conversationId: elsewhere, clientId: crypto.randomUUID(), body: "hi" });
    await expect(say(ana, "sneaky", foreign.message.id)).rejects.toMatchObject({ status: 400 });
  });
});

describe("reactions", () => {
  it("toggle per person and emoji, with who reacted", async () => {
    const m = await say(ana, "react to me");
    await toggleReaction(ben, { messageId: m.id, emoji: "👍" });
    await toggleReaction(ana, { messageId: m.id, emoji: "👍" });
    let now = await toggleReaction(ben, { messageId: m.id, emoji: "❤️" });
    expect(now.reactions).toEqual([
      { emoji: "👍", users: ["ben", "ana"] },
      { emoji: "❤️", users: ["ben"] },
    ]);
    now = await toggleReaction(ben, { messageId: m.id, emoji: "👍" });
    expect(now.reactions).toEqual([
      { emoji: "👍", users: ["ana"] },
      { emoji: "❤️", users: ["ben"] },
    ]);
  });

  it("refuse what is not one emoji, and non-members", async () => {
    const m = await say(ana, "no");
    await expect(toggleReaction(ben, { messageId: m.id, emoji: "A" })).rejects.toMatchObject({ status: 400 });
    await expect(toggleReaction(ben, { messageId: m.id, emoji: "👍👍" })).rejects.toMatchObject({ status: 400 });
    await expect(toggleReaction(ben, { messageId: m.id, emoji: "<script>" })).rejects.toMatchObject({ status: 400 });
    await expect(toggleReaction(cyd, { messageId: m.id, emoji: "👍" })).rejects.toMatchObject({ status: 403 });
    expect((await getMessagesPage(ana, chat)).messages.find((x) => x.id === m.id)?.reactions).toEqual([]);
  });
});

describe("read positions", () => {
  it("advance, never go back, and are announced", async () => {
    const client = connectAs(ana);
    const channel = await subscribe(client, conversationChannel(chat));
    const reads = collect<{ userId: string; lastReadMessageId: number }>(channel, "conversation.read");
    const m = await say(ana, "read me");
    // The unread total is over all of ben's chats: the others in this file leave some.
    const read = await markConversationRead(ben, chat, m.id);
    expect(read).toEqual({ lastReadMessageId: m.id, unreadCount: 0, unreadTotal: await countUnread(ben), mentionCount: 0 });
    expect(await markConversationRead(ben, chat, 1)).toEqual(read);
    await until(() => reads.length === 1);
    expect(reads[0]).toMatchObject({ userId: ben.id, lastReadMessageId: m.id });
    const states = await getReadStates(ana, chat);
    expect(states.find((s) => s.userId === ben.id)?.lastReadMessageId).toBe(m.id);
    await expect(markConversationRead(cyd, chat, m.id)).rejects.toMatchObject({ status: 403 });
    client.disconnect();
  });

  it("answer what is still unread, and tell the reader's own channel only when the position moved", async () => {
    const client = connectAs(ben);
    const own = await subscribe(client, userChannel(ben.id));
    const unread = collect<RealtimeEvents["conversation.unread"]>(own, "conversation.unread");
    await say(ben, "mine");
    const first = await say(ana, "one");
    const second = await say(ana, "two");
    const gone = await say(ana, "three");
    await deleteMessage(ana, { messageId: gone.id });
    // Of the two after "one", only "two" is unread: "three" is deleted.
    const read = await markConversationRead(ben, chat, first.id);
    expect(read).toEqual({ lastReadMessageId: first.id, unreadCount: 1, unreadTotal: await countUnread(ben), mentionCount: 0 });
    await until(() => unread.length === 1);
    expect(unread[0]).toEqual({ conversationId: chat, ...read });
    // Past the newest message: clamped to it.
    const newest = await markConversationRead(ben, chat, Number.MAX_SAFE_INTEGER);
    expect(newest.lastReadMessageId).toBeGreaterThan(second.id);
    expect(newest.unreadCount).toBe(0);
    // Nothing moves, nothing is said.
    expect(await markConversationRead(ben, chat, Number.MAX_SAFE_INTEGER)).toEqual(newest);
    await until(() => unread.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(unread).toHaveLength(2);
    client.disconnect();
  });
});

describe("pages around a message", () => {
  it("centre on it, with cursors both ways", async () => {
    const sent: number[] = [];
    for (let i = 0; i < 30; i++) sent.push((await say(ben, `n${i}`)).id);
    const page = await getMessagesPage(ana, chat, { around: sent[15], limit: 10 });
    expect(page.messages.map((m) => m.id)).toEqual(sent.slice(10, 20));
    expect(page.hasMore).toBe(true);
    expect(page.hasNewer).toBe(true);
  });
});
