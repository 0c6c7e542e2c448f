import { describe, expect, it } from "vitest";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { createActors } from "@/tests/support/actors";
import { makeContacts } from "@/tests/support/contacts";
import { collect, connectAs, disconnectedAfterAll, subscribe, until } from "@/tests/support/realtime-client";
import { blockUser } from "./blocks";
import { openDirectConversation } from "./conversations";
import { currentChannel } from "./internal/membership";
import { createGroup } from "./groups";
import { deleteMessage, editMessage, sendMessage } from "./messages";
import { listPins, mayPin, setPinned } from "./pins";
import type { Actor } from "./users";

const { ana, ben, cyd, eve } = await createActors("ana", "ben", "cyd", "eve");
const direct = await openDirectConversation(ana, ben.id);
await makeContacts(ana, [ben, cyd]);
const group = await createGroup(ana, { name: "pins", memberIds: [ben.id, cyd.id] });
const clients = disconnectedAfterAll();

const say = (who: Actor, conversationId: string, body: string) =>
  sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body }).then((r) => r.message);

describe("pins", () => {
  it("either person pins and unpins in a direct chat, and the members' chats are told", async () => {
    const client = connectAs(ben);
    clients.push(client);
    const channel = await subscribe(client, await currentChannel(direct));
    const events = collect<RealtimeEvents["conversation.pins"]>(channel, "conversation.pins");
    const first = await say(ana, direct, "the **address**");
    const second = await say(ben, direct, "the time");
    expect(await mayPin(ben, direct)).toBe(true);
    await setPinned(ben, { messageId: first.id, pinned: true });
    const pins = await setPinned(ana, { messageId: second.id, pinned: true });
    expect(pins.map((p) => p.messageId)).toEqual([second.id, first.id]);
    expect(pins[1]).toMatchObject({ body: "the **address**", senderUsername: "ana", pinnedBy: "ben" });
    await until(() => events.length === 2);
    expect(events[1]).toEqual({ conversationId: direct, pins });
    // Pinning again changes nothing; unpinning takes it off.
    expect((await setPinned(ben, { messageId: second.id, pinned: true })).length).toBe(2);
    expect((await setPinned(ben, { messageId: second.id, pinned: false })).map((p) => p.messageId)).toEqual([first.id]);
    expect((await listPins(ana, direct)).map((p) => p.messageId)).toEqual([first.id]);
  });

  it("shows an edit, and drops a deleted message", async () => {
    const m = await say(ana, direct, "to edit");
    await setPinned(ana, { messageId: m.id, pinned: true });
    await editMessage(ana, { messageId: m.id, body: "edited" });
    expect((await listPins(ben, direct)).find((p) => p.messageId === m.id)?.body).toBe("edited");
    await deleteMessage(ana, { messageId: m.id });
    expect((await listPins(ben, direct)).some((p) => p.messageId === m.id)).toBe(false);
    await expect(setPinned(ana, { messageId: m.id, pinned: true })).rejects.toMatchObject({ code: "bad_request:input" });
  });

  it("only admins pin in a group", async () => {
    const m = await say(ben, group, "group news");
    expect(await mayPin(ben, group)).toBe(false);
    expect(await mayPin(ana, group)).toBe(true);
    await expect(setPinned(ben, { messageId: m.id, pinned: true })).rejects.toMatchObject({ code: "forbidden:admin" });
    expect(await listPins(cyd, group)).toEqual([]);
    expect((await setPinned(ana, { messageId: m.id, pinned: true })).map((p) => p.messageId)).toEqual([m.id]);
    await expect(setPinned(ben, { messageId: m.id, pinned: false })).rejects.toMatchObject({ code: "forbidden:admin" });
    expect((await listPins(cyd, group)).length).toBe(1);
  });

  it("refuses strangers, unknown messages, bad input and blocked chats, changing nothing", async () => {
    const m = await say(ana, direct, "private");
    expect(await mayPin(eve, direct)).toBe(false);
    await expect(setPinned(eve, { messageId: m.id, pinned: true })).rejects.toMatchObject({ code: "forbidden:conversation" });
    await expect(listPins(eve, direct)).rejects.toMatchObject({ code: "forbidden:conversation" });
    await expect(setPinned(ana, { messageId: 987654321, pinned: true })).rejects.toMatchObject({ code: "not_found:message" });
    for (const input of [{ messageId: m.id }, { messageId: m.id, pinned: "yes" }, { messageId: "x", pinned: true }, null]) {
      await expect(setPinned(ana, input)).rejects.toMatchObject({ code: "bad_request:input" });
    }
    const before = await listPins(ana, direct);
    const withEve = await openDirectConversation(eve, cyd.id);
    const theirs = await say(eve, withEve, "hi cyd");
    await blockUser(cyd, eve.id);
    await expect(setPinned(eve, { messageId: theirs.id, pinned: true })).rejects.toMatchObject({ code: "forbidden:blocked" });
    expect(await listPins(ana, direct)).toEqual(before);
  });
});
