import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { mentionToken } from "@/lib/mentions";
import { userChannel } from "@/lib/realtime/channels";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { pushesSettled, type PushPayload } from "@/lib/push/notify";
import { makeContacts } from "@/tests/support/contacts";
import { asJson, browserSubscription, decryptPush, LocalPushService } from "@/tests/support/push-service";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { deleteAccount, updateProfile } from "./account";
import { getConversationForUser, listConversationPage, markConversationRead, openDirectConversation } from "./conversations";
import { createGroup, removeMember } from "./groups";
import { deleteMessage, editMessage, forwardMessage, getMessagesPage, sendMessage } from "./messages";
import { muteConversation } from "./mutes";
import { listPins, setPinned } from "./pins";
import { deletePushSubscription, savePushSubscription } from "./push";
import { searchMessages } from "./search";
import { createUser, type Actor } from "./users";

let ana: Actor;
let ben: Actor;
let cyd: Actor;
let eve: Actor;
let group: string;
let direct: string;
const clients: ReturnType<typeof connectAs>[] = [];
const service = new LocalPushService();

const say = (who: Actor, conversationId: string, body: string, extra: Record<string, unknown> = {}) =>
  sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body, ...extra }).then((r) => r.message);
const at = (who: Actor) => mentionToken(who.id);
const summary = (who: Actor, conversationId = group) => getConversationForUser(who, conversationId);

/** Each member's mention count as the triggers keep it, and as a full recount says it should be. */
async function countsAgree(conversationId: string) {
  const db = await getDb();
  const rows = await db.all<{ user_id: string; kept: number; recount: number }>(sql`
    SELECT m.user_id, m.mention_count AS kept,
      (SELECT count(*) FROM message_mention mm JOIN message u ON u.id = mm.message_id
        WHERE mm.user_id = m.user_id AND mm.conversation_id = m.conversation_id AND mm.message_id > m.last_read_message_id
          AND u.deleted_at IS NULL AND u.sender_id IS NOT m.user_id) AS recount
    FROM conversation_member m WHERE m.conversation_id = ${conversationId}`);
  for (const r of rows) expect(r.kept, r.user_id).toBe(r.recount);
}

beforeAll(async () => {
  await service.start();
  ana = await createUser({ username: "men_ana", password: "password-ana" });
  ben = await createUser({ username: "men_ben", password: "password-ben" });
  cyd = await createUser({ username: "men_cyd", password: "password-cyd" });
  eve = await createUser({ username: "men_eve", password: "password-eve" });
  await updateProfile(ben, { firstName: "Ben", lastName: "Rowe", bio: "" });
  await makeContacts(ana, [ben, cyd]);
  group = await createGroup(ana, { name: "mentions", memberIds: [ben.id, cyd.id] });
  direct = await openDirectConversation(ana, eve.id);
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await service.stop();
});

describe("mentions", () => {
  it("stores a member's mention by id, named as now, and counts it apart from unread for that member only", async () => {
    // The group's own lines (created, added) are unread too.
    const unread = (await summary(ben)).unreadCount;
    const m = await say(ana, group, `hi ${at(ben)}, and ${at(ben)} again`);
    expect(m.mentions).toEqual([{ id: ben.id, username: "men_ben", name: "Ben Rowe" }]);
    expect(m.body).toBe(`hi ${at(ben)}, and ${at(ben)} again`);
    await say(ana, group, "no mention");
    expect(await summary(ben)).toMatchObject({ unreadCount: unread + 2, mentionCount: 1 });
    expect(await summary(cyd)).toMatchObject({ unreadCount: unread + 2, mentionCount: 0 });
    // A rename shows wherever the message is read again.
    await updateProfile(ben, { firstName: "Benjamin", lastName: "Rowe", bio: "" });
    const page = await getMessagesPage(cyd, group);
    expect(page.messages.find((x) => x.id === m.id)?.mentions).toEqual([{ id: ben.id, username: "men_ben", name: "Benjamin Rowe" }]);
    await updateProfile(ben, { firstName: "Ben", lastName: "Rowe", bio: "" });
    await countsAgree(group);
  });

  it("ignores a token for someone not in the chat, an unknown id, myself and anyone in a direct chat: they stay text", async () => {
    const body = `${at(eve)} ${mentionToken(crypto.randomUUID())} ${at(ana)}`;
    const stranger = await say(ana, group, body);
    // Mentioning oneself shows as a chip but counts for no one.
    expect(stranger.mentions).toEqual([{ id: ana.id, username: "men_ana", name: "men_ana" }]);
    expect(stranger.body).toBe(body);
    expect((await summary(ana)).mentionCount).toBe(0);
    const inDirect = await say(ana, direct, `${at(eve)} hello`);
    expect(inDirect.mentions).toEqual([]);
    expect((await summary(eve, direct)).mentionCount).toBe(0);
    await countsAgree(group);
  });

  it("clears as the member reads past the mention, and not before", async () => {
    const cydFirst = await say(ana, group, `${at(cyd)} one`);
    const between = await say(ben, group, "between");
    const cydSecond = await say(ben, group, `${at(cyd)} two`);
    expect((await summary(cyd)).mentionCount).toBe(2);
    expect(await markConversationRead(cyd, group, cydFirst.id)).toMatchObject({ mentionCount: 1 });
    expect((await markConversationRead(cyd, group, between.id)).mentionCount).toBe(1);
    expect(await markConversationRead(cyd, group, cydSecond.id)).toMatchObject({ mentionCount: 0, unreadCount: 0 });
    // Sending is reading: my own message takes my mentions before it off too.
    await say(ana, group, `${at(cyd)} three`);
    expect((await summary(cyd)).mentionCount).toBe(1);
    await say(cyd, group, "read it");
    expect((await summary(cyd)).mentionCount).toBe(0);
    await countsAgree(group);
  });

  it("follows edits (added, taken out, kept) and deletes, and tells each person whose count changed", async () => {
    const client = connectAs(ben);
    clients.push(client);
    const own = await subscribe(client, userChannel(ben.id));
    const mentionEvents = collect<RealtimeEvents["conversation.mentions"]>(own, "conversation.mentions");
    const activity = collect<RealtimeEvents["conversation.activity"]>(own, "conversation.activity");
    await markConversationRead(ben, group, (await say(ben, group, "caught up")).id);
    const before = (await summary(ben)).mentionCount;
    expect(before).toBe(0);

    const m = await say(ana, group, "plain at first");
    const edited = await editMessage(ana, { messageId: m.id, body: `now for ${at(ben)} and ${at(eve)}` });
    expect(edited.mentions.map((x) => x.id)).toEqual([ben.id]);
    expect((await summary(ben)).mentionCount).toBe(1);
    await until(() => mentionEvents.length === 1);
    expect(mentionEvents[0]).toEqual({ conversationId: group, mentionCount: 1 });

    // An edit that keeps the mention tells no one; one that takes it out does.
    await editMessage(ana, { messageId: m.id, body: `still ${at(ben)}` });
    await editMessage(ana, { messageId: m.id, body: "no one" });
    expect((await summary(ben)).mentionCount).toBe(0);
    await until(() => mentionEvents.length === 2);
    expect(mentionEvents[1]).toEqual({ conversationId: group, mentionCount: 0 });

    // The message event of a send says whom it mentions; a delete takes it off again.
    const d = await say(ana, group, `${at(ben)} soon gone`);
    await until(() => activity.some((a) => a.messageId === d.id));
    expect(activity.find((a) => a.messageId === d.id)).toMatchObject({ change: "created", mentions: [ben.id], preview: { body: "@Ben Rowe soon gone" } });
    expect((await summary(ben)).mentionCount).toBe(1);
    await deleteMessage(ana, { messageId: d.id });
    expect((await summary(ben)).mentionCount).toBe(0);
    await until(() => activity.some((a) => a.messageId === d.id && a.change === "deleted"));
    expect(activity.find((a) => a.messageId === d.id && a.change === "deleted")).toMatchObject({ mentions: [ben.id] });
    await countsAgree(group);
  });

  it("only the author edits, and an edit cannot mention someone outside the chat", async () => {
    const m = await say(ana, group, "mine");
    await expect(editMessage(ben, { messageId: m.id, body: `${at(ben)}` })).rejects.toMatchObject({ code: "forbidden:message" });
    await expect(editMessage(eve, { messageId: m.id, body: `${at(eve)}` })).rejects.toMatchObject({ code: "forbidden:conversation" });
    expect((await editMessage(ana, { messageId: m.id, body: `${at(eve)}` })).mentions).toEqual([]);
    await expect(sendMessage(eve, { conversationId: group, clientId: crypto.randomUUID(), body: at(ben) })).rejects.toMatchObject({
      code: "forbidden:conversation",
    });
  });

  it("previews, quotes, pins, search and forwards say @Name, never the token", async () => {
    const m = await say(ana, group, `lunch with ${at(ben)} at noon`);
    const page = await listConversationPage(cyd);
    expect(page.conversations.find((c) => c.id === group)?.lastMessage?.body).toBe("lunch with @Ben Rowe at noon");
    const reply = await say(cyd, group, "ok", { replyTo: m.id });
    expect(reply.replyTo?.body).toBe("lunch with @Ben Rowe at noon");
    expect((await getMessagesPage(cyd, group)).messages.find((x) => x.id === reply.id)?.replyTo?.body).toBe("lunch with @Ben Rowe at noon");
    await setPinned(ana, { messageId: m.id, pinned: true });
    expect((await listPins(cyd, group))[0]?.body).toBe("lunch with @Ben Rowe at noon");
    const [found] = await searchMessages(cyd, { q: "lunch" });
    expect(found?.snippet.replace(/[\uE000\uE001]/g, "")).toBe("lunch with @Ben Rowe at noon");
    const [copy] = (await forwardMessage(cyd, { messageId: m.id, clientId: crypto.randomUUID(), conversationIds: [group] })).messages;
    expect(copy).toMatchObject({ body: "lunch with @Ben Rowe at noon", mentions: [] });
  });

  it("keeps a member's mention after they leave, and shows a deleted account as Deleted user", async () => {
    const dan = await createUser({ username: "men_dan", password: "password-dan" });
    await makeContacts(ana, [dan]);
    const room = await createGroup(ana, { name: "leavers", memberIds: [dan.id] });
    const m = await say(ana, room, `bye ${at(dan)}`);
    await removeMember(ana, { conversationId: room, userId: dan.id });
    expect((await editMessage(ana, { messageId: m.id, body: `bye bye ${at(dan)}` })).mentions.map((x) => x.id)).toEqual([dan.id]);
    await deleteAccount(dan, { password: "password-dan" });
    const shown = (await getMessagesPage(ana, room)).messages.find((x) => x.id === m.id)!;
    expect(shown.mentions).toEqual([{ id: dan.id, username: null, name: null }]);
    expect((await listConversationPage(ana)).conversations.find((c) => c.id === room)?.lastMessage?.body).not.toContain("@[");
  });

  it("pushes a mention to its person even in a muted chat, and nothing to the muted members it does not mention", async () => {
    const benPhone = browserSubscription(`${service.origin}/push/men-ben`);
    const cydPhone = browserSubscription(`${service.origin}/push/men-cyd`);
    await savePushSubscription({ ...ben, sessionVersion: 0 }, { subscription: asJson(benPhone) });
    await savePushSubscription({ ...cyd, sessionVersion: 0 }, { subscription: asJson(cydPhone) });
    try {
      await muteConversation(ben, { conversationId: group, duration: "forever" });
      await muteConversation(cyd, { conversationId: group, duration: "forever" });
      await say(ana, group, "no one in particular");
      await say(ana, group, `**${at(ben)}** look`);
      await pushesSettled();
      expect(service.to("/push/men-cyd")).toHaveLength(0);
      const pushes = service.to("/push/men-ben");
      expect(pushes).toHaveLength(1);
      const payload = JSON.parse(decryptPush(benPhone, pushes[0]!.body)) as PushPayload;
      expect(payload).toMatchObject({ conversationId: group, title: "men_ana", body: "@Ben Rowe look" });
    } finally {
      await muteConversation(ben, { conversationId: group, duration: "off" });
      await muteConversation(cyd, { conversationId: group, duration: "off" });
      await deletePushSubscription(ben, { endpoint: benPhone.endpoint });
      await deletePushSubscription(cyd, { endpoint: cydPhone.endpoint });
    }
  });
});
