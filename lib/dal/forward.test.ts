import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { message } from "@/db/schema";
import type { MessageDTO } from "@/lib/dto";
import { userChannel } from "@/lib/realtime/channels";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { createActors } from "@/tests/support/actors";
import { makeContacts } from "@/tests/support/contacts";
import { collect, connectAs, disconnectedAfterAll, subscribe, until } from "@/tests/support/realtime-client";
import { deleteAccount, updateProfile } from "./account";
import { blockUser } from "./blocks";
import { listConversationPage, openDirectConversation } from "./conversations";
import { currentChannel } from "./internal/membership";
import { createGroup } from "./groups";
import { deleteMessage, forwardMessage, getMessagesPage, sendMessage } from "./messages";
import type { Actor } from "./users";

const { ana, ben, cyd, dan, eve } = await createActors("ana", "ben", "cyd", "dan", "eve");
await makeContacts(ana, [ben, cyd, dan]);
const anaBen = await openDirectConversation(ana, ben.id);
const anaCyd = await openDirectConversation(ana, cyd.id);
const anaDan = await openDirectConversation(ana, dan.id);
const group = await createGroup(ana, { name: "forwards", memberIds: [ben.id, cyd.id] });
const clients = disconnectedAfterAll();

const say = (who: Actor, conversationId: string, body: string) =>
  sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body }).then((r) => r.message);
const forward = (who: Actor, messageId: number, conversationIds: string[], clientId: string = crypto.randomUUID()) =>
  forwardMessage(who, { messageId, clientId, conversationIds }).then((r) => r.messages);

describe("forwarding", () => {
  it("copies a message into each chat as the forwarder's, named after its author, and tells the members live", async () => {
    const client = connectAs(cyd);
    clients.push(client);
    const channel = await subscribe(client, await currentChannel(anaCyd));
    const own = await subscribe(client, userChannel(cyd.id));
    const created = collect<RealtimeEvents["message.created"]>(channel, "message.created");
    const activity = collect<RealtimeEvents["conversation.activity"]>(own, "conversation.activity");
    const original = await say(ben, anaBen, "the **plan**");

    const copies = await forward(ana, original.id, [anaCyd, group]);
    expect(copies.map((c) => c.conversationId)).toEqual([anaCyd, group]);
    for (const copy of copies) {
      expect(copy).toMatchObject({ body: "the **plan**", sender: { id: ana.id }, forwardedFrom: { sender: { id: ben.id, username: "ben" } } });
      expect(copy.id).not.toBe(original.id);
    }
    await until(() => created.some((m) => "id" in m && m.id === copies[0]!.id));
    expect(created.find((m) => m.id === copies[0]!.id)).toEqual(copies[0]);
    await until(() => activity.some((a) => a.change === "created" && a.messageId === copies[0]!.id));
    // Unread for Cyd, like any message.
    const { conversations } = await listConversationPage(cyd);
    expect(conversations.find((c) => c.id === anaCyd)?.unreadCount).toBeGreaterThanOrEqual(1);
    // The stored copy reads back the same, and the original is untouched.
    const page = await getMessagesPage(cyd, anaCyd);
    expect(page.messages.find((m) => m.id === copies[0]!.id)?.forwardedFrom).toEqual(copies[0]!.forwardedFrom);
    const back = await getMessagesPage(ben, anaBen);
    expect(back.messages.find((m) => m.id === original.id)?.forwardedFrom).toBeNull();
  });

  it("stores a retried forward once: the same clientId gives the same copies", async () => {
    const original = await say(ben, anaBen, "once only");
    const clientId = crypto.randomUUID();
    const [first, again, together] = await Promise.all([
      forward(ana, original.id, [anaCyd, group], clientId),
      forward(ana, original.id, [anaCyd, group], clientId),
      forward(ana, original.id, [anaCyd], clientId),
    ]);
    expect(again.map((m) => m.id)).toEqual(first.map((m) => m.id));
    expect(together[0]!.id).toBe(first[0]!.id);
    const db = await getDb();
    const stored = await db.select().from(message).where(eq(message.body, "once only"));
    expect(stored).toHaveLength(3);
    // Another forward of the same message is a new one.
    const next = await forward(ana, original.id, [anaCyd]);
    expect(next[0]!.id).not.toBe(first[0]!.id);
  });

  it("a forward of a forward names the first author", async () => {
    const original = await say(ben, anaBen, "pass it on");
    const [copy] = await forward(ana, original.id, [group]);
    const [again] = await forward(cyd, copy!.id, [group]);
    expect(again).toMatchObject({ sender: { id: cyd.id }, forwardedFrom: { sender: { id: ben.id } } });
  });

  it("refuses a message the forwarder cannot read, and chats they cannot send to, storing nothing", async () => {
    const original = await say(ana, anaBen, "between ana and ben");
    // Eve is in neither chat: she cannot forward it, nor learn that it exists.
    await expect(forward(eve, original.id, [anaBen])).rejects.toMatchObject({ code: "not_found:message" });
    await expect(forward(eve, 987_654_321, [anaBen])).rejects.toMatchObject({ code: "not_found:message" });
    // Ben may read it but not send into Ana and Cyd's chat; nothing reaches his own chat meanwhile.
    const before = (await getMessagesPage(ben, anaBen)).messages.length;
    await expect(forward(ben, original.id, [anaBen, anaCyd])).rejects.toMatchObject({ code: "forbidden:conversation" });
    expect((await getMessagesPage(ben, anaBen)).messages.length).toBe(before);
    // A deleted message is not forwarded.
    const gone = await say(ana, anaBen, "soon deleted");
    await deleteMessage(ana, { messageId: gone.id });
    await expect(forward(ana, gone.id, [anaCyd])).rejects.toMatchObject({ code: "bad_request:input" });
  });

  it("refuses a direct chat with a block between the two, as a send does", async () => {
    const original = await say(ben, anaBen, "to a blocked chat");
    await blockUser(dan, ana.id);
    await expect(forward(ana, original.id, [anaDan])).rejects.toMatchObject({ code: "forbidden:blocked" });
    await expect(sendMessage(ana, { conversationId: anaDan, clientId: crypto.randomUUID(), body: "hi" })).rejects.toMatchObject({
      code: "forbidden:blocked",
    });
    // Nothing went to the other chats of the same forward either.
    const cydBefore = (await getMessagesPage(ana, anaCyd)).messages.length;
    await expect(forward(ana, original.id, [anaCyd, anaDan])).rejects.toMatchObject({ code: "forbidden:blocked" });
    expect((await getMessagesPage(ana, anaCyd)).messages.length).toBe(cydBefore);
  });

  it("refuses bad input: no chats, too many, a chat twice, a bad clientId", async () => {
    const original = await say(ben, anaBen, "input");
    for (const input of [
      { messageId: original.id, clientId: crypto.randomUUID(), conversationIds: [] },
      { messageId: original.id, clientId: crypto.randomUUID(), conversationIds: Array.from({ length: 11 }, () => crypto.randomUUID()) },
      { messageId: original.id, clientId: crypto.randomUUID(), conversationIds: [anaCyd, anaCyd] },
      { messageId: original.id, clientId: "not-a-uuid", conversationIds: [anaCyd] },
      { messageId: "1; DROP TABLE message", clientId: crypto.randomUUID(), conversationIds: [anaCyd] },
    ]) {
      await expect(forwardMessage(ana, input)).rejects.toMatchObject({ code: "bad_request:input" });
    }
  });

  it("shows the author's new name after a rename, and Deleted user once the account is gone", async () => {
    const { gone: author } = await createActors("gone");
    await makeContacts(ana, [author]);
    const chat = await openDirectConversation(ana, author.id);
    const original = await say(author, chat, "from someone leaving");
    const [copy] = await forward(ana, original.id, [anaCyd]);
    await updateProfile(author, { firstName: "Renamed", lastName: "Person", bio: "" });
    const named = (await getMessagesPage(cyd, anaCyd)).messages.find((m) => m.id === copy!.id);
    expect(named?.forwardedFrom?.sender).toMatchObject({ id: author.id, name: "Renamed Person" });
    await deleteAccount(author, { password: "password-gone" });
    const orphan = (await getMessagesPage(cyd, anaCyd)).messages.find((m) => m.id === copy!.id) as MessageDTO;
    expect(orphan.forwardedFrom).toEqual({ sender: null });
    expect(orphan.body).toBe("from someone leaving");
  });
});
