import { describe, expect, it } from "vitest";
import { MUTED_FOREVER } from "@/lib/mute-rules";
import { userChannel } from "@/lib/realtime/channels";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { createActors } from "@/tests/support/actors";
import { collect, connectAs, disconnectedAfterAll, subscribe, until } from "@/tests/support/realtime-client";
import { blockUser } from "./blocks";
import { countUnread, getConversationForUser, listConversationPage, markConversationRead, openDirectConversation } from "./conversations";
import { sendMessage } from "./messages";
import { isMuted, mutedMembers } from "./internal/mutes";
import { muteConversation } from "./mutes";
import type { Actor } from "./users";

const { ana, ben, cyd, eve } = await createActors("ana", "ben", "cyd", "eve");
const withBen = await openDirectConversation(ben, ana.id);
const withCyd = await openDirectConversation(cyd, ana.id);
const clients = disconnectedAfterAll();

const say = (who: Actor, conversationId: string, body: string) => sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body });

describe("muting a chat", () => {
  it("takes its unread out of the total, and puts it back when unmuted", async () => {
    await say(ben, withBen, "one");
    await say(ben, withBen, "two");
    await say(cyd, withCyd, "three");
    expect(await countUnread(ana)).toBe(3);

    const state = await muteConversation(ana, { conversationId: withBen, duration: "8h" });
    expect(state.mutedUntil).toBeGreaterThan(Date.now() + 7.9 * 3600_000);
    expect(await countUnread(ana)).toBe(1);
    // The list page's and a read mark's totals say the same.
    expect((await listConversationPage(ana)).unreadTotal).toBe(1);
    expect((await getConversationForUser(ana, withBen)).mutedUntil).toBe(state.mutedUntil);
    await say(ben, withBen, "more while muted");
    expect(await countUnread(ana)).toBe(1);
    // The chat itself still counts what is unread in it: its badge shows it, greyed.
    expect((await getConversationForUser(ana, withBen)).unreadCount).toBe(3);

    await muteConversation(ana, { conversationId: withBen, duration: "off" });
    expect(await countUnread(ana)).toBe(4);
    expect((await getConversationForUser(ana, withBen)).mutedUntil).toBeNull();
  });

  it("is the member's own: the other person's total and mute are unchanged", async () => {
    await muteConversation(ana, { conversationId: withBen, duration: "forever" });
    expect(await isMuted(ana.id, withBen)).toBe(true);
    expect(await isMuted(ben.id, withBen)).toBe(false);
    await say(ana, withBen, "to ben");
    expect(await countUnread(ben)).toBe(1);
    expect([...(await mutedMembers(withBen, [ana.id, ben.id, eve.id]))]).toEqual([ana.id]);
    await muteConversation(ana, { conversationId: withBen, duration: "off" });
  });

  it("ends by itself when its time is up", async () => {
    const { mutedUntil } = await muteConversation(ana, { conversationId: withCyd, duration: "1h" });
    expect(mutedUntil).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(await isMuted(ana.id, withCyd)).toBe(true);
    expect(await isMuted(ana.id, withCyd, mutedUntil! + 1)).toBe(false);
    await muteConversation(ana, { conversationId: withCyd, duration: "off" });
  });

  it("forever is until unmuted", async () => {
    const { mutedUntil } = await muteConversation(ana, { conversationId: withCyd, duration: "forever" });
    expect(mutedUntil).toBe(MUTED_FOREVER);
    expect(await isMuted(ana.id, withCyd, Date.UTC(9000, 0))).toBe(true);
    await muteConversation(ana, { conversationId: withCyd, duration: "off" });
  });

  it("a muted chat with someone blocked is taken off the total once", async () => {
    const { dan } = await createActors("dan");
    const withDan = await openDirectConversation(dan, eve.id);
    await say(dan, withDan, "a");
    await say(dan, withDan, "b");
    expect(await countUnread(eve)).toBe(2);
    await muteConversation(eve, { conversationId: withDan, duration: "forever" });
    expect(await countUnread(eve)).toBe(0);
    await blockUser(eve, dan.id);
    expect(await countUnread(eve)).toBe(0);
  });

  it("reaches the member's own tabs, and a read mark's total leaves the muted chat out", async () => {
    const client = connectAs(ana);
    clients.push(client);
    const own = await subscribe(client, userChannel(ana.id));
    const muted = collect<RealtimeEvents["conversation.muted"]>(own, "conversation.muted");
    const { mutedUntil } = await muteConversation(ana, { conversationId: withBen, duration: "8h" });
    await until(() => muted.length === 1);
    expect(muted[0]).toEqual({ conversationId: withBen, mutedUntil });
    const cydsLast = await say(cyd, withCyd, "unread elsewhere");
    const read = await markConversationRead(ana, withCyd, cydsLast.message.id);
    expect(read.unreadTotal).toBe(0);
    await muteConversation(ana, { conversationId: withBen, duration: "off" });
    await until(() => muted.length === 2);
    expect(muted[1]).toEqual({ conversationId: withBen, mutedUntil: null });
  });

  it("refuses someone who is not in the chat, and bad input, changing nothing", async () => {
    await expect(muteConversation(eve, { conversationId: withBen, duration: "1h" })).rejects.toMatchObject({ code: "forbidden:conversation" });
    await expect(muteConversation(eve, { conversationId: crypto.randomUUID(), duration: "1h" })).rejects.toMatchObject({ code: "not_found:conversation" });
    for (const duration of ["2h", "", 3600, null, ["1h"]]) {
      await expect(muteConversation(ana, { conversationId: withBen, duration })).rejects.toMatchObject({ code: "bad_request:input" });
    }
    expect(await isMuted(ana.id, withBen)).toBe(false);
    expect(await isMuted(eve.id, withBen)).toBe(false);
  });
});
