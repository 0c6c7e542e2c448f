import Pusher from "pusher";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { MessageDTO } from "@/lib/dto";
import { collect, connectAs, disconnectedAfterAll, subscribe, until } from "@/tests/support/realtime-client";
import { getConversationForUser, listConversationPage } from "./conversations";
import {
  addMembers,
  createGroup,
  joinPublicRoom,
  leaveGroup,
  leavePublicRoom,
  listGroupMembers,
  listPublicRooms,
  removeMember,
  renameGroup,
  setAdmin,
  setGroupAvatar,
} from "./groups";
import { createActors } from "@/tests/support/actors";
import { makeContacts } from "@/tests/support/contacts";
import { png } from "@/tests/support/images";
import { getMessagesPage, sendMessage } from "./messages";
import { createUser, type Actor } from "./users";
import { getDb } from "@/db";
import { block, user } from "@/db/schema";

const GENERAL = "00000000-0000-4000-8000-000000000001";
const { ana, ben, cyd, dan } = await createActors("ana", "ben", "cyd", "dan");
const clients = disconnectedAfterAll();

beforeAll(async () => {
  // Dan is a contact too: only a block keeps him out.
  await makeContacts(ana, [ben, cyd, dan]);
});

const say = (who: Actor, conversationId: string, body: string) =>
  sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body }).then((r) => r.message);
const history = async (who: Actor, id: string) => (await getMessagesPage(who, id, { limit: 200 })).messages.map((m) => m.body);
const roles = async (id: string) =>
  Object.fromEntries((await listGroupMembers(ana, id).catch(() => listGroupMembers(ben, id))).map((m) => [m.username, m.role]));

describe("groups", () => {
  it("are created with the creator as admin and a history line for it", async () => {
    const id = await createGroup(ana, { name: "  Trip  ", memberIds: [ben.id, cyd.id, ben.id] });
    expect(await roles(id)).toEqual({ ana: "admin", ben: "member", cyd: "member" });
    expect(await history(ben, id)).toEqual(["ana created the group “Trip”", "ana added ben, cyd"]);
    expect((await getConversationForUser(cyd, id)).title).toBe("Trip");
  });

  it.each([
    ["an empty name", { name: "   ", memberIds: [] }, 400],
    ["a name over 64 characters", { name: "x".repeat(65), memberIds: [] }, 400],
    ["an unknown member", { name: "ok", memberIds: ["3f8a7c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b"] }, 404],
    ["malformed member ids", { name: "ok", memberIds: ["1 OR 1=1"] }, 400],
    ["more than 500 members", { name: "ok", memberIds: Array.from({ length: 500 }, () => crypto.randomUUID()) }, 400],
  ])("refuse %s and create nothing", async (_, input, status) => {
    const before = (await listConversationPage(ana)).conversations.length;
    await expect(createGroup(ana, input)).rejects.toMatchObject({ status });
    expect((await listConversationPage(ana)).conversations.length).toBe(before);
  });

  it("refuse adding someone who blocked the adder", async () => {
    const db = await getDb();
    await db.insert(block).values({ blockerId: dan.id, blockedId: ana.id });
    await expect(createGroup(ana, { name: "nope", memberIds: [dan.id] })).rejects.toMatchObject({ code: "forbidden:blocked" });
    const id = await createGroup(ana, { name: "later", memberIds: [ben.id] });
    await expect(addMembers(ana, { conversationId: id, userIds: [dan.id] })).rejects.toMatchObject({ code: "forbidden:blocked" });
    expect(Object.keys(await roles(id))).toEqual(["ana", "ben"]);
  });

  it("take only the adder's contacts, whatever the form sends", async () => {
    const stranger = await createUser({ username: "stranger", password: "password-stranger" });
    await expect(createGroup(ana, { name: "trap", memberIds: [ben.id, stranger.id] })).rejects.toMatchObject({
      code: "forbidden:contact",
      message: "Only your contacts can be added to a group: stranger is not one.",
    });
    const id = await createGroup(ana, { name: "friends", memberIds: [ben.id] });
    await expect(addMembers(ana, { conversationId: id, userIds: [stranger.id] })).rejects.toMatchObject({ code: "forbidden:contact" });
    // A contact of another admin is not the adder's contact.
    await setAdmin(ana, { conversationId: id, userId: ben.id, admin: true });
    await expect(addMembers(ben, { conversationId: id, userIds: [cyd.id] })).rejects.toMatchObject({ code: "forbidden:contact" });
    expect(Object.keys(await roles(id))).toEqual(["ana", "ben"]);
    expect((await listConversationPage(stranger)).conversations.map((c) => c.id)).not.toContain(id);
  });

  it("let someone put in a group leave it and block the one who added them, who cannot add them again", async () => {
    const kim = await createUser({ username: "kim", password: "password-kim" });
    const lee = await createUser({ username: "lee", password: "password-lee" });
    await makeContacts(kim, [lee]);
    const id = await createGroup(kim, { name: "Unwanted", memberIds: [lee.id] });
    expect((await listGroupMembers(lee, id)).map((m) => [m.username, m.addedBy?.username ?? null])).toEqual([
      ["kim", null],
      ["lee", "kim"],
    ]);
    // The creator was added by no one: there is no one to block.
    await expect(leaveGroup(kim, id, { blockAdder: true })).rejects.toMatchObject({ code: "bad_request:input" });

    await leaveGroup(lee, id, { blockAdder: true });
    expect((await listConversationPage(lee)).conversations.map((c) => c.id)).not.toContain(id);
    expect(await history(kim, id)).toContain("lee left");
    await expect(addMembers(kim, { conversationId: id, userIds: [lee.id] })).rejects.toMatchObject({ code: "forbidden:blocked" });
    await expect(createGroup(kim, { name: "Again", memberIds: [lee.id] })).rejects.toMatchObject({ code: "forbidden:blocked" });
  });

  it("let only admins rename, add, remove and promote", async () => {
    const id = await createGroup(ana, { name: "Club", memberIds: [ben.id] });
    await expect(renameGroup(ben, { conversationId: id, name: "Mine" })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(addMembers(ben, { conversationId: id, userIds: [cyd.id] })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(removeMember(ben, { conversationId: id, userId: ana.id })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(setAdmin(ben, { conversationId: id, userId: ben.id, admin: true })).rejects.toMatchObject({ code: "forbidden:admin" });
    // Outsiders get nothing either.
    await expect(renameGroup(cyd, { conversationId: id, name: "x" })).rejects.toMatchObject({ status: 403 });
    await expect(addMembers(cyd, { conversationId: id, userIds: [cyd.id] })).rejects.toMatchObject({ status: 403 });
    expect(await roles(id)).toEqual({ ana: "admin", ben: "member" });

    await renameGroup(ana, { conversationId: id, name: "Book club" });
    await addMembers(ana, { conversationId: id, userIds: [cyd.id] });
    await setAdmin(ana, { conversationId: id, userId: ben.id, admin: true });
    await removeMember(ben, { conversationId: id, userId: cyd.id });
    expect(await roles(id)).toEqual({ ana: "admin", ben: "admin" });
    expect(await history(ana, id)).toEqual([
      "ana created the group “Club”",
      "ana added ben",
      "ana renamed the group to “Book club”",
      "ana added cyd",
      "ana made ben an admin",
      "ben removed cyd",
    ]);
    await expect(getMessagesPage(cyd, id)).rejects.toMatchObject({ status: 403 });
  });

  it("never lose their last admin to a demotion", async () => {
    const id = await createGroup(ana, { name: "Solo admin", memberIds: [ben.id] });
    await expect(setAdmin(ana, { conversationId: id, userId: ana.id, admin: false })).rejects.toMatchObject({ code: "conflict:group" });
    expect(await roles(id)).toEqual({ ana: "admin", ben: "member" });
  });

  it("hand the group to the longest member when the last admin leaves", async () => {
    const id = await createGroup(ana, { name: "Heirs", memberIds: [ben.id, cyd.id] });
    await leaveGroup(ana, id);
    expect(await roles(id)).toEqual({ ben: "admin", cyd: "member" });
    expect((await history(ben, id)).slice(-2)).toEqual(["ana left", "ben is now an admin"]);
    await expect(getMessagesPage(ana, id)).rejects.toMatchObject({ status: 403 });
  });

  it("are not things to join by id", async () => {
    const id = await createGroup(ana, { name: "Private", memberIds: [] });
    await expect(joinPublicRoom(cyd, id)).rejects.toMatchObject({ status: 403 });
    expect(Object.keys(await roles(id))).toEqual(["ana"]);
  });
});

describe("the common room", () => {
  it("is listed for everyone, joined and left at will, its history for members only", async () => {
    const left = (await listPublicRooms(cyd)).find((r) => r.id === GENERAL);
    expect(left).toMatchObject({ name: "General", joined: false });
    await expect(getMessagesPage(cyd, GENERAL)).rejects.toMatchObject({ status: 403 });
    await joinPublicRoom(cyd, GENERAL);
    await joinPublicRoom(cyd, GENERAL);
    await joinPublicRoom(ben, GENERAL);
    await say(ben, GENERAL, "hello everyone");
    expect(await history(cyd, GENERAL)).toContain("hello everyone");
    expect((await listPublicRooms(cyd)).find((r) => r.id === GENERAL)).toMatchObject({ joined: true, memberCount: left!.memberCount + 2 });
    await leavePublicRoom(cyd, GENERAL);
    await expect(getMessagesPage(cyd, GENERAL)).rejects.toMatchObject({ status: 403 });
  });
});

describe("realtime", () => {
  it("stops a removed member's client from hearing the group at once", async () => {
    const id = await createGroup(ana, { name: "Revoke", memberIds: [ben.id, cyd.id] });
    const before = await getConversationForUser(cyd, id);
    const benClient = connectAs(ben);
    const cydClient = connectAs(cyd);
    clients.push(benClient, cydClient);
    const cydHears = collect<MessageDTO>(await subscribe(cydClient, before.channel), "message.created");

    await say(ana, id, "still here?");
    await until(() => cydHears.length === 1);

    await removeMember(ana, { conversationId: id, userId: cyd.id });
    const after = await getConversationForUser(ben, id);
    expect(after.channel).not.toBe(before.channel);
    const benHears = collect<MessageDTO>(await subscribe(benClient, after.channel), "message.created");
    // The removed member cannot subscribe to the new channel either.
    await expect(subscribe(cydClient, after.channel)).rejects.toMatchObject({ type: "AuthError" });

    await say(ana, id, "after the removal");
    await until(() => benHears.some((m) => m.body === "after the removal"));
    await new Promise((r) => setTimeout(r, 300));
    expect(cydHears.map((m) => m.body)).toEqual(["still here?"]);
  });

  it("fans a group message out to 500 members with a bounded number of trigger calls", async () => {
    // Members made straight in the database: 499 argon2 hashes would only slow the test down.
    const people = Array.from({ length: 499 }, (_, i) => ({ id: crypto.randomUUID(), username: `member${i}`, passwordHash: "x" }));
    await (await getDb()).insert(user).values(people);
    await makeContacts(ana, people);
    const id = await createGroup(ana, { name: "Big", memberIds: people.map((p) => p.id) });
    expect(Object.keys(await roles(id))).toHaveLength(500);
    const trigger = vi.spyOn(Pusher.prototype, "trigger");
    try {
      await say(ana, id, "hello 500");
      // One event on the conversation's channel, and the list update to 500 own channels in batches of 100.
      expect(trigger).toHaveBeenCalledTimes(1 + 5);
      for (const [channels] of trigger.mock.calls) expect([channels].flat().length).toBeLessThanOrEqual(100);
    } finally {
      trigger.mockRestore();
    }
  }, 120_000);

  it("sends an id instead of a message too large for one event", async () => {
    const id = await createGroup(ana, { name: "Big text", memberIds: [ben.id] });
    const { channel } = await getConversationForUser(ben, id);
    const client = connectAs(ben);
    clients.push(client);
    const heard = collect<Record<string, unknown>>(await subscribe(client, channel), "message.created");
    const sent = await say(ana, id, "😀".repeat(3000));
    await until(() => heard.length === 1);
    expect(heard[0]).toEqual({ partial: true, id: sent.id, conversationId: id });
  });
});

describe("group pictures", () => {
  it("go through the avatar pipeline, for admins only", async () => {
    const id = await createGroup(ana, { name: "Pictures", memberIds: [ben.id] });
    await expect(setGroupAvatar(ben, id, await png())).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(setGroupAvatar(ana, id, new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).rejects.toMatchObject({
      status: 415,
    });
    expect((await getConversationForUser(ben, id)).avatarId).toBeNull();

    const avatarId = await setGroupAvatar(ana, id, await png());
    expect((await getConversationForUser(ben, id)).avatarId).toBe(avatarId);
    expect((await history(ben, id)).at(-1)).toBe("ana changed the group picture");
  });
});
