import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, conversation, conversationMember, message } from "@/db/schema";
import type { MessageDTO } from "@/lib/dto";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { createActors } from "@/tests/support/actors";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { listAuditLog } from "./admin";
import { createAttachment } from "./attachments";
import { getChatMembers, getConversationForUser, listConversationPage } from "./conversations";
import { findPublicRoom, joinPublicRoom, leavePublicRoom, listPublicRooms } from "./groups";
import { deleteMessage, editMessage, forwardMessage, getMessagesPage, sendMessage } from "./messages";
import { toggleReaction } from "./reactions";
import { createRoom, listRoomsForAdmin, renameRoom, setRoomArchived, setRoomModerator } from "./rooms";
import { findPeople, GENERAL_ROOM_ID, type Actor } from "./users";

// A fresh database of its own: the first account made here is the server's admin.
const { boss, mia, max, eve } = await createActors("boss", "mia", "max", "eve");

const say = async (who: Actor, conversationId: string, body: string) =>
  (await sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body })).message;

/** Runs `change` and waits until `who`'s own channel hears that room `id` changed for them. */
async function toldLive(who: Actor, id: string, change: () => Promise<unknown>) {
  const client = connectAs(who);
  const channel = await subscribe(client, userChannel(who.id));
  const heard = collect<{ conversationId: string }>(channel, "conversation.membership");
  await change();
  await until(() => heard.some((e) => e.conversationId === id));
  client.disconnect();
}

async function rooms() {
  const db = await getDb();
  return db.select().from(conversation).where(eq(conversation.kind, "public"));
}

describe("an admin runs public rooms", () => {
  it("creates a room, which members find in /rooms, join and chat in", async () => {
    const id = await createRoom(boss, { name: "  Gardening  " });
    expect((await listPublicRooms(mia)).find((r) => r.id === id)).toMatchObject({ name: "Gardening", joined: false, archived: false, memberCount: 1 });
    await joinPublicRoom(mia, id);
    const sent = await say(mia, id, "hello gardeners");
    expect((await getMessagesPage(boss, id)).messages.map((m) => m.body)).toContain(sent.body);
    expect((await listRoomsForAdmin(boss)).find((r) => r.id === id)).toMatchObject({ name: "Gardening", memberCount: 2, moderators: [] });
    expect((await listAuditLog(boss))[0]).toMatchObject({ actor: "boss", action: "created room", target: "Gardening" });
  });

  it("refuses a second room of the same name, letter case aside", async () => {
    await expect(createRoom(boss, { name: "gardening" })).rejects.toMatchObject({ code: "conflict:room" });
    await expect(createRoom(boss, { name: "general" })).rejects.toMatchObject({ code: "conflict:room" });
    await expect(createRoom(boss, { name: " " })).rejects.toMatchObject({ status: 400 });
  });

  it("renames a room, told live to its members' lists", async () => {
    const id = await createRoom(boss, { name: "Cooking" });
    await joinPublicRoom(mia, id);
    await toldLive(mia, id, () => renameRoom(boss, { conversationId: id, name: "Baking" }));
    expect((await getConversationForUser(mia, id)).title).toBe("Baking");
    expect((await getMessagesPage(mia, id)).messages.at(-1)).toMatchObject({ kind: "system", body: "boss renamed the room to “Baking”" });
    await expect(renameRoom(boss, { conversationId: id, name: "GARDENING" })).rejects.toMatchObject({ code: "conflict:room" });
    expect((await listAuditLog(boss))[0]).toMatchObject({ action: "renamed room", target: "Baking", detail: "was “Cooking”" });
  });

  it("archives a room: history stays readable, sends, edits, reactions, pins and uploads are refused; unarchiving opens it again", async () => {
    const id = await createRoom(boss, { name: "Old news" });
    await joinPublicRoom(mia, id);
    await joinPublicRoom(max, id);
    const mine = await say(mia, id, "before the archive");
    await toldLive(max, id, () => setRoomArchived(boss, { conversationId: id, archived: "true" }));
    expect((await getConversationForUser(mia, id)).archived).toBe(true);
    expect((await getMessagesPage(mia, id)).messages.map((m) => m.body)).toContain("before the archive");

    const refusal = { code: "conflict:archived", message: "This room is archived: it is read-only." };
    await expect(say(mia, id, "after the archive")).rejects.toMatchObject(refusal);
    await expect(editMessage(mia, { messageId: mine.id, body: "changed" })).rejects.toMatchObject(refusal);
    await expect(toggleReaction(max, { messageId: mine.id, emoji: "👍" })).rejects.toMatchObject(refusal);
    await expect(createAttachment(mia, id, { clientId: crypto.randomUUID(), name: "a.pdf", size: 10 })).rejects.toMatchObject(refusal);
    const elsewhere = await createRoom(boss, { name: "Elsewhere" });
    await joinPublicRoom(mia, elsewhere);
    const there = await say(mia, elsewhere, "forward me");
    await expect(forwardMessage(mia, { messageId: there.id, clientId: crypto.randomUUID(), conversationIds: [id] })).rejects.toMatchObject(refusal);
    const db = await getDb();
    expect((await db.select().from(message).where(eq(message.conversationId, id))).map((m) => m.body)).not.toContain("after the archive");

    // It leaves the directory for those not in it, and cannot be joined; members still see it, as archived.
    expect((await listPublicRooms(eve)).map((r) => r.id)).not.toContain(id);
    expect(await findPublicRoom(eve, id)).toBeNull();
    await expect(joinPublicRoom(eve, id)).rejects.toMatchObject({ code: "conflict:archived" });
    expect((await listPublicRooms(mia)).find((r) => r.id === id)).toMatchObject({ archived: true, joined: true });
    expect((await listRoomsForAdmin(boss)).find((r) => r.id === id)).toMatchObject({ archived: true });

    await setRoomArchived(boss, { conversationId: id, archived: false });
    await say(mia, id, "open again");
    await joinPublicRoom(eve, id);
    expect((await getConversationForUser(eve, id)).archived).toBe(false);
    const actions = (await listAuditLog(boss)).filter((e) => e.target === "Old news").map((e) => e.action);
    expect(actions).toEqual(["unarchived room", "archived room", "created room"]);
  });

  it("never archives General", async () => {
    await expect(setRoomArchived(boss, { conversationId: GENERAL_ROOM_ID, archived: true })).rejects.toMatchObject({
      code: "conflict:room",
      message: "General cannot be archived: every new account starts there.",
    });
    expect((await rooms()).find((r) => r.id === GENERAL_ROOM_ID)?.archivedAt).toBeNull();
    expect((await listRoomsForAdmin(boss)).find((r) => r.general)).toMatchObject({ name: "General", archived: false });
  });

  it("renames, archives and moderates only public rooms", async () => {
    const db = await getDb();
    const group = crypto.randomUUID();
    await db.insert(conversation).values({ id: group, kind: "group", name: "private" });
    await expect(renameRoom(boss, { conversationId: group, name: "mine now" })).rejects.toMatchObject({ status: 400 });
    await expect(setRoomArchived(boss, { conversationId: group, archived: true })).rejects.toMatchObject({ status: 400 });
    await expect(setRoomArchived(boss, { conversationId: crypto.randomUUID(), archived: true })).rejects.toMatchObject({ status: 404 });
  });
});

describe("room moderators", () => {
  let roomA: string;
  let roomB: string;
  beforeAll(async () => {
    roomA = await createRoom(boss, { name: "Room A" });
    roomB = await createRoom(boss, { name: "Room B" });
    for (const who of [mia, max]) {
      await joinPublicRoom(who, roomA);
      await joinPublicRoom(who, roomB);
    }
  });

  it("an admin makes a member moderator, who then deletes anyone's message in that room, live for everyone", async () => {
    await setRoomModerator(boss, { conversationId: roomA, username: " MIA ", moderator: "true" });
    expect((await listRoomsForAdmin(boss)).find((r) => r.id === roomA)?.moderators).toEqual([{ id: mia.id, username: "mia" }]);
    expect((await getChatMembers(boss, roomA)).members.map((m) => m.username)).toContain("mia");

    const rude = await say(max, roomA, "something rude");
    const client = connectAs(boss);
    const channel = await subscribe(client, conversationChannel(roomA));
    const updates = collect<MessageDTO>(channel, "message.updated");
    const deleted = await deleteMessage(mia, { messageId: rude.id });
    expect(deleted).toMatchObject({ id: rude.id, body: null, deletedAt: expect.any(Number) });
    await until(() => updates.some((m) => m.id === rude.id && m.deletedAt !== null));
    client.disconnect();
    expect((await listAuditLog(boss))[0]).toMatchObject({ actor: "mia", action: "deleted message", target: `#${rude.id}` });
    expect((await listAuditLog(boss))[0]!.detail).toContain("by max");
  });

  it("a moderator of room A cannot delete in room B, nor in a direct chat", async () => {
    const there = await say(max, roomB, "not mia's to delete");
    await expect(deleteMessage(mia, { messageId: there.id })).rejects.toMatchObject({ code: "forbidden:message" });
    expect((await getMessagesPage(max, roomB)).messages.find((m) => m.id === there.id)).toMatchObject({ body: "not mia's to delete", deletedAt: null });
  });

  it("a server admin deletes in a public room they are in; a plain member cannot", async () => {
    const m = await say(mia, roomB, "for the admin");
    await expect(deleteMessage(max, { messageId: m.id })).rejects.toMatchObject({ code: "forbidden:message" });
    await deleteMessage(boss, { messageId: m.id });
    expect((await getMessagesPage(mia, roomB)).messages.find((x) => x.id === m.id)?.deletedAt).not.toBeNull();
  });

  it("a moderator who leaves the room is a moderator no more; removing the role works too", async () => {
    await setRoomModerator(boss, { conversationId: roomB, username: "max", moderator: true });
    await setRoomModerator(boss, { conversationId: roomB, username: "max", moderator: false });
    const m = await say(mia, roomB, "safe from max");
    await expect(deleteMessage(max, { messageId: m.id })).rejects.toMatchObject({ code: "forbidden:message" });
    await setRoomModerator(boss, { conversationId: roomB, username: "max", moderator: true });
    await leavePublicRoom(max, roomB);
    await joinPublicRoom(max, roomB);
    await expect(deleteMessage(max, { messageId: m.id })).rejects.toMatchObject({ code: "forbidden:message" });
    await expect(setRoomModerator(boss, { conversationId: roomB, username: "eve", moderator: true })).rejects.toMatchObject({
      code: "not_found:user",
      message: "eve is not a member of “Room B”.",
    });
  });

  it("moderates in an archived room too (deleting only takes away)", async () => {
    const roomC = await createRoom(boss, { name: "Room C" });
    await joinPublicRoom(mia, roomC);
    await joinPublicRoom(max, roomC);
    await setRoomModerator(boss, { conversationId: roomC, username: "mia", moderator: true });
    const m = await say(max, roomC, "left behind");
    await setRoomArchived(boss, { conversationId: roomC, archived: true });
    await deleteMessage(mia, { messageId: m.id });
    expect((await getMessagesPage(max, roomC)).messages.find((x) => x.id === m.id)?.deletedAt).not.toBeNull();
  });
});

describe("a member is refused every room action, and nothing changes", () => {
  it("answers 403 to each", async () => {
    const db = await getDb();
    const id = await createRoom(boss, { name: "Admins only" });
    await joinPublicRoom(max, id);
    const snapshot = async () => ({
      rooms: await db.select().from(conversation),
      members: await db.select().from(conversationMember),
      audit: await db.select().from(auditLog),
    });
    const before = await snapshot();
    const calls: [string, () => Promise<unknown>][] = [
      ["create", () => createRoom(max, { name: "max's room" })],
      ["rename", () => renameRoom(max, { conversationId: id, name: "taken over" })],
      ["archive", () => setRoomArchived(max, { conversationId: id, archived: true })],
      ["archive General", () => setRoomArchived(max, { conversationId: GENERAL_ROOM_ID, archived: true })],
      ["make himself moderator", () => setRoomModerator(max, { conversationId: id, username: "max", moderator: true })],
      ["list rooms", () => listRoomsForAdmin(max)],
    ];
    for (const [label, call] of calls) await expect(call(), label).rejects.toMatchObject({ code: "forbidden:server_admin" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("deactivated people are shown so to others", () => {
  it("in the chat list's direct chats, in a chat's members and in people search", async () => {
    const { setDeactivated } = await import("./admin");
    const { openDirectConversation } = await import("./conversations");
    const chat = await openDirectConversation(mia, eve.id);
    await say(mia, chat, "are you there?");
    await setDeactivated(boss, { userId: eve.id, deactivated: true });
    const listed = (await listConversationPage(mia)).conversations.find((c) => c.id === chat);
    expect(listed?.peer).toMatchObject({ username: "eve", deactivated: true });
    expect((await getChatMembers(mia, chat)).members.find((m) => m.id === eve.id)).toMatchObject({ deactivated: true });
    expect((await getChatMembers(mia, chat)).members.find((m) => m.id === mia.id)).toMatchObject({ deactivated: false });
    expect((await findPeople(mia, { q: "eve" })).people).toEqual([expect.objectContaining({ username: "eve", deactivated: true })]);
    await setDeactivated(boss, { userId: eve.id, deactivated: false });
    expect((await getConversationForUser(mia, chat)).peer).toMatchObject({ deactivated: false });
  });
});
