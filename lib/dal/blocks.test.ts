import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { message } from "@/db/schema";
import { typingChannelOf, userChannel } from "@/lib/realtime/channels";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { assertNoBlockWithAny, blockUser, listBlockedUsers, unblockUser } from "./blocks";
import { sendFriendRequest } from "./contacts";
import { listConversationPage, markConversationRead, openDirectConversation } from "./conversations";
import { currentChannel } from "./internal/membership";
import { editMessage, sendMessage } from "./messages";
import { toggleReaction } from "./reactions";
import { mayAccessChannel } from "./realtime";
import { createUser, findPeople, type Actor } from "./users";

let ana: Actor; // blocks ben
let ben: Actor; // blocked by ana
let cy: Actor; // unrelated
let chat: string;

async function stored(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(message).where(eq(message.conversationId, chat));
  return row!.n;
}

const say = (who: Actor, body: string) => sendMessage(who, { conversationId: chat, clientId: crypto.randomUUID(), body });

beforeAll(async () => {
  ana = await createUser({ username: "ana", password: "password-ana" });
  ben = await createUser({ username: "ben", password: "password-ben" });
  cy = await createUser({ username: "cyd", password: "password-cyd" });
  chat = await openDirectConversation(ben, ana.id);
  await say(ben, "hi ana");
  await blockUser(ana, ben.id);
});

describe("a blocked person cannot reach the one who blocked them", () => {
  it("no message in their existing direct chat", async () => {
    const before = await stored();
    await expect(say(ben, "let me in")).rejects.toMatchObject({
      code: "forbidden:blocked",
      status: 403,
      message: "You cannot message this person.",
    });
    expect(await stored()).toBe(before);
  });

  it("no new direct chat", async () => {
    await expect(openDirectConversation(ben, ana.id)).rejects.toMatchObject({ code: "forbidden:blocked" });
  });

  it("no friend request", async () => {
    await expect(sendFriendRequest(ben, ana.id)).rejects.toMatchObject({ code: "forbidden:request" });
  });

  it("no adding to a group", async () => {
    await expect(assertNoBlockWithAny(ben, [cy.id, ana.id])).rejects.toMatchObject({ code: "forbidden:blocked" });
    await expect(assertNoBlockWithAny(ben, [cy.id])).resolves.toBeUndefined();
  });

  it("not found in search or in the directory", async () => {
    expect((await findPeople(ben, { q: "an" })).people.map((p) => p.username)).toEqual([]);
    expect((await findPeople(ben)).people.map((p) => p.username)).toEqual(["ben", "cyd"]);
    expect((await findPeople(cy)).people.map((p) => p.username)).toEqual(["ana", "ben", "cyd"]);
  });
});

describe("the one who blocked cannot use those ways either, and their chat is hidden", () => {
  it("no message, no new chat, no request, no group, no search result", async () => {
    const before = await stored();
    await expect(say(ana, "hello?")).rejects.toMatchObject({
      code: "forbidden:blocked",
      message: "You blocked this person. Unblock them to message them.",
    });
    expect(await stored()).toBe(before);
    await expect(openDirectConversation(ana, ben.id)).rejects.toMatchObject({ code: "forbidden:blocked" });
    await expect(sendFriendRequest(ana, ben.id)).rejects.toMatchObject({ code: "forbidden:request" });
    await expect(assertNoBlockWithAny(ana, [ben.id])).rejects.toMatchObject({ code: "forbidden:blocked" });
    expect((await findPeople(ana, { q: "BE" })).people).toEqual([]);
  });

  it("hides the direct chat from the blocker's list only", async () => {
    expect((await listConversationPage(ana)).conversations.map((c) => c.id)).not.toContain(chat);
    expect((await listConversationPage(ben)).conversations.map((c) => c.id)).toContain(chat);
    expect(await listBlockedUsers(ana)).toMatchObject([{ username: "ben" }]);
    expect(await listBlockedUsers(ben)).toEqual([]);
  });
});

it("refuses blocking yourself or someone unknown", async () => {
  await expect(blockUser(ana, ana.id)).rejects.toMatchObject({ code: "bad_request:self" });
  await expect(blockUser(ana, crypto.randomUUID())).rejects.toMatchObject({ code: "not_found:user" });
  await expect(blockUser(ana, "nope")).rejects.toMatchObject({ code: "bad_request:input" });
});

it("unblocking restores the chat, messages, search and requests", async () => {
  await unblockUser(ana, ben.id);
  expect((await listConversationPage(ana)).conversations.map((c) => c.id)).toContain(chat);
  await expect(say(ben, "thanks")).resolves.toMatchObject({ created: true });
  await expect(say(ana, "sure")).resolves.toMatchObject({ created: true });
  expect((await findPeople(ben, { q: "an" })).people.map((p) => p.username)).toEqual(["ana"]);
  await expect(sendFriendRequest(ben, ana.id)).resolves.toBeUndefined();
});

describe("live, a blocked person's direct chat reaches the blocker no more", () => {
  const clients: ReturnType<typeof connectAs>[] = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));

  it("no edit, reaction or read receipt on the channel both held, and no channel auth for that chat or its typing", async () => {
    const dee = await createUser({ username: "dee", password: "password-dee" });
    const eve = await createUser({ username: "eve", password: "password-eve" });
    const direct = await openDirectConversation(dee, eve.id);
    const sent = await sendMessage(dee, { conversationId: direct, clientId: crypto.randomUUID(), body: "hello eve" });
    const before = await currentChannel(direct);
    const [deeClient, eveClient] = [connectAs(dee), connectAs(eve)];
    clients.push(deeClient, eveClient);
    const heard = await subscribe(eveClient, before);
    await subscribe(eveClient, typingChannelOf(before));
    const eveOwn = await subscribe(eveClient, userChannel(eve.id));
    const updates = collect(heard, "message.updated");
    const receipts = collect(heard, "conversation.read");
    const reloads = collect<{ conversationId: string }>(eveOwn, "conversation.membership");

    await blockUser(eve, dee.id);
    // Eve's open chat is told to subscribe anew, which leaves the old typing channel.
    await until(() => reloads.some((r) => r.conversationId === direct));
    const after = await currentChannel(direct);
    expect(after).not.toBe(before);
    for (const who of [dee, eve]) {
      for (const channel of [after, typingChannelOf(after)]) expect(await mayAccessChannel(who, channel), `${who.username} ${channel}`).toBe(false);
    }
    await expect(subscribe(deeClient, after)).rejects.toMatchObject({ type: "AuthError" });
    await expect(subscribe(deeClient, typingChannelOf(after))).rejects.toMatchObject({ type: "AuthError" });

    await expect(editMessage(dee, { messageId: sent.message.id, body: "edited" })).rejects.toMatchObject({ code: "forbidden:blocked" });
    await expect(toggleReaction(dee, { messageId: sent.message.id, emoji: "👍" })).rejects.toMatchObject({ code: "forbidden:blocked" });
    await expect(toggleReaction(eve, { messageId: sent.message.id, emoji: "👍" })).rejects.toMatchObject({ code: "forbidden:blocked" });
    // Dee's own read position still moves; nobody hears of it.
    await markConversationRead(dee, direct, sent.message.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(updates).toEqual([]);
    expect(receipts).toEqual([]);

    await unblockUser(eve, dee.id);
    expect(await mayAccessChannel(dee, after)).toBe(true);
    expect(await mayAccessChannel(eve, typingChannelOf(after))).toBe(true);
    await expect(editMessage(dee, { messageId: sent.message.id, body: "edited" })).resolves.toMatchObject({ body: "edited" });
  });
});
