import { describe, expect, it } from "vitest";
import type { ConversationPage, ConversationSummary } from "@/lib/dto";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { holds, initialListState, listReducer, totalUnread, type ListState } from "./conversation-list-state";

const me = "me";
const reduce = listReducer(me);

function chat(id: string, lastId: number, patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    kind: "group",
    title: id,
    peer: null,
    archived: false,
    avatarId: null,
    channel: `private-conversation-${id}`,
    lastMessage: { id: lastId, kind: "text", body: `m${lastId}`, senderUsername: "ana", createdAt: lastId * 1000 },
    unreadCount: 0,
    mentionCount: 0,
    mutedUntil: null,
    lastReadMessageId: lastId,
    activityAt: lastId * 1000,
    ...patch,
  };
}

const created = (conversationId: string, messageId: number, senderId: string | null = "ana"): RealtimeEvents["conversation.activity"] => ({
  change: "created",
  conversationId,
  messageId,
  kind: "text",
  createdAt: messageId * 1000,
  preview: { senderId, senderUsername: senderId, body: `m${messageId}` },
  mentions: [],
});
const deleted = (conversationId: string, messageId: number, senderId: string | null = "ana"): RealtimeEvents["conversation.activity"] => ({
  change: "deleted",
  conversationId,
  messageId,
  senderId,
  mentions: [],
});
/** A fetched page: unless told, the end of the list, and nothing unread beyond what it holds. */
function page(conversations: ConversationSummary[], rest: Partial<ConversationPage> = {}): ConversationPage {
  return { conversations, next: null, unreadTotal: conversations.reduce((n, c) => n + c.unreadCount, 0), ...rest };
}
const unread = (conversationId: string, lastReadMessageId: number, unreadCount: number, unreadTotal = unreadCount) => ({
  type: "unread" as const,
  unread: { conversationId, lastReadMessageId, unreadCount, unreadTotal, mentionCount: 0 },
});
const ids = (state: ListState) => state.conversations.map((c) => c.id);
const get = (state: ListState, id: string) => state.conversations.find((c) => c.id === id)!;

describe("the conversation list reducer", () => {
  const start = () => initialListState(page([chat("a", 3), chat("b", 2), chat("c", 1)]));

  it("moves a chat with a new message to the top, with its preview, time and one more unread", () => {
    const state = reduce(start(), { type: "activity", activity: created("c", 10) });
    expect(ids(state)).toEqual(["c", "a", "b"]);
    expect(get(state, "c")).toMatchObject({
      lastMessage: { id: 10, kind: "text", body: "m10", senderUsername: "ana", createdAt: 10_000 },
      activityAt: 10_000,
      unreadCount: 1,
      lastReadMessageId: 1,
    });
    expect(totalUnread(reduce(state, { type: "activity", activity: created("c", 11) }))).toBe(2);
  });

  it("keeps the server's order: newest activity first, then by id, descending", () => {
    const state = initialListState(page([chat("a", 5), chat("b", 5), chat("c", 1)]));
    expect(ids(state)).toEqual(["b", "a", "c"]);
    const later = reduce(state, { type: "activity", activity: { ...created("c", 6), createdAt: 5000 } as RealtimeEvents["conversation.activity"] });
    expect(ids(later)).toEqual(["c", "b", "a"]);
  });

  it("counts nothing for my own message, and takes it as read through", () => {
    const unread = reduce(start(), { type: "activity", activity: created("b", 8) });
    const state = reduce(unread, { type: "activity", activity: created("b", 9, me) });
    expect(get(state, "b")).toMatchObject({ unreadCount: 0, lastReadMessageId: 9, lastMessage: { id: 9 } });
    expect(ids(state)[0]).toBe("b");
  });

  it("counts nothing in the chat open in a visible tab, and shows it with none", () => {
    let state = reduce(start(), { type: "activity", activity: created("b", 8) });
    state = reduce(state, { type: "viewing", conversationId: "b" });
    expect(get(state, "b").unreadCount).toBe(0);
    state = reduce(state, { type: "activity", activity: created("b", 9) });
    expect(get(state, "b").unreadCount).toBe(0);
    // Hidden again: new messages count.
    state = reduce(state, { type: "viewing", conversationId: null });
    state = reduce(state, { type: "activity", activity: created("b", 10) });
    expect(get(state, "b").unreadCount).toBe(1);
  });

  it("ignores a message announced again, and one older than what it holds", () => {
    const once = reduce(start(), { type: "activity", activity: created("c", 10) });
    expect(reduce(once, { type: "activity", activity: created("c", 10) })).toBe(once);
    expect(reduce(once, { type: "activity", activity: created("c", 9) })).toBe(once);
  });

  it("leaves the list alone for a chat it does not hold (the owner fetches it)", () => {
    const state = start();
    expect(reduce(state, { type: "activity", activity: created("zz", 10) })).toBe(state);
    expect(holds(state, "zz")).toBe(false);
    expect(holds(state, "a")).toBe(true);
  });

  it("a deleted last message clears the preview; a counted one is uncounted, never below zero", () => {
    let state = reduce(start(), { type: "activity", activity: created("c", 10) });
    state = reduce(state, { type: "activity", activity: created("c", 11) });
    state = reduce(state, { type: "activity", activity: deleted("c", 11) });
    expect(get(state, "c")).toMatchObject({ unreadCount: 1, lastMessage: { id: 11, body: null } });
    state = reduce(state, { type: "activity", activity: deleted("c", 10) });
    expect(get(state, "c").unreadCount).toBe(0);
    state = reduce(state, { type: "activity", activity: deleted("c", 12) });
    expect(get(state, "c").unreadCount).toBe(0);
  });

  it("does not uncount a deleted message that was read, or my own", () => {
    let state = reduce(start(), { type: "activity", activity: created("a", 10) });
    expect(get(state, "a").unreadCount).toBe(1);
    state = reduce(state, { type: "activity", activity: deleted("a", 3) });
    expect(get(state, "a")).toMatchObject({ unreadCount: 1, lastMessage: { id: 10, body: "m10" } });
    state = reduce(state, { type: "activity", activity: deleted("a", 11, me) });
    expect(get(state, "a").unreadCount).toBe(1);
  });

  it("takes a read position and count, never moving the position back", () => {
    let state = reduce(start(), { type: "activity", activity: created("a", 10) });
    state = reduce(state, { type: "activity", activity: created("a", 11) });
    state = reduce(state, unread("a", 10, 1));
    expect(get(state, "a")).toMatchObject({ lastReadMessageId: 10, unreadCount: 1 });
    const stale = reduce(state, unread("a", 9, 2));
    expect(stale).toBe(state);
    state = reduce(state, unread("a", 11, 0));
    expect(get(state, "a")).toMatchObject({ lastReadMessageId: 11, unreadCount: 0 });
    expect(ids(state)).toEqual(["a", "b", "c"]);
  });

  it("a fetched list replaces what is held, but not events newer than the fetch", () => {
    let state = reduce(start(), { type: "activity", activity: created("b", 10) });
    // The fetch was answered before message 10 was stored; "c" is gone, "d" is new and renamed "a".
    state = reduce(state, { type: "replace", page: page([chat("d", 4), chat("a", 3, { title: "renamed" }), chat("b", 2)]) });
    expect(ids(state)).toEqual(["b", "d", "a"]);
    expect(get(state, "b")).toMatchObject({ lastMessage: { id: 10 }, unreadCount: 1, activityAt: 10_000 });
    expect(get(state, "a").title).toBe("renamed");
    // A newer fetch wins.
    state = reduce(state, { type: "replace", page: page([chat("b", 12, { unreadCount: 2, lastReadMessageId: 10 })]) });
    expect(get(state, "b")).toMatchObject({ lastMessage: { id: 12 }, unreadCount: 2 });
  });

  it("a fetched list does not undo a read answered after it was made", () => {
    let state = reduce(start(), { type: "activity", activity: created("b", 10) });
    state = reduce(state, unread("b", 10, 0));
    state = reduce(state, { type: "replace", page: page([chat("b", 10, { lastReadMessageId: 2, unreadCount: 1 })]) });
    expect(get(state, "b")).toMatchObject({ lastReadMessageId: 10, unreadCount: 0 });
  });

  it("a fetched list shows the viewed chat with nothing unread", () => {
    let state = reduce(start(), { type: "viewing", conversationId: "b" });
    state = reduce(state, { type: "replace", page: page([chat("b", 5, { unreadCount: 3, lastReadMessageId: 2 })]) });
    expect(get(state, "b").unreadCount).toBe(0);
    state = reduce(state, unread("b", 4, 1));
    expect(get(state, "b")).toMatchObject({ lastReadMessageId: 4, unreadCount: 0 });
  });

  it("appends the next page, once, and only the one it asked for", () => {
    const first = initialListState(page([chat("a", 9), chat("b", 8)], { next: "cursor-1", unreadTotal: 5 }));
    expect(totalUnread(first)).toBe(5);
    const second = page([chat("b", 8), chat("c", 4, { unreadCount: 3 }), chat("d", 3)], { next: "cursor-2", unreadTotal: 5 });
    const state = reduce(first, { type: "more", after: "cursor-1", page: second });
    expect(ids(state)).toEqual(["a", "b", "c", "d"]);
    expect(state.next).toBe("cursor-2");
    // The 3 unread in "c" were counted elsewhere until then: the total stays.
    expect(state.unreadElsewhere).toBe(2);
    expect(totalUnread(state)).toBe(5);
    expect(reduce(state, { type: "more", after: "cursor-1", page: second })).toBe(state);
  });

  it("counts what is unread beyond the held pages, and takes the server's total for a chat it does not hold", () => {
    let state = initialListState(page([chat("a", 9, { unreadCount: 1 })], { next: "cursor-1", unreadTotal: 7 }));
    expect(totalUnread(state)).toBe(7);
    state = reduce(state, unread("zz", 40, 0, 3));
    expect(totalUnread(state)).toBe(3);
    state = reduce(state, { type: "activity", activity: created("a", 10) });
    expect(totalUnread(state)).toBe(4);
  });

  it("a refetch of the first pages keeps held chats beyond them, and drops those within them it no longer returns", () => {
    let state = initialListState(page([chat("a", 9), chat("b", 8)], { next: "cursor-1" }));
    state = reduce(state, { type: "more", after: "cursor-1", page: page([chat("c", 4), chat("d", 3)], { next: "cursor-2" }) });
    // "b" left the list (a group one was removed from); "a" and "c" are what the first page now holds.
    state = reduce(state, { type: "replace", page: page([chat("a", 9), chat("c", 4)], { next: "cursor-3", unreadTotal: 2 }) });
    expect(ids(state)).toEqual(["a", "c", "d"]);
    expect(state.next).toBe("cursor-2");
    expect(state.unreadElsewhere).toBe(2);
    // A refetch that reached the end of the list holds all there is.
    state = reduce(state, { type: "replace", page: page([chat("a", 9)]) });
    expect(ids(state)).toEqual(["a"]);
    expect(state.next).toBeNull();
  });

  it("a muted chat keeps its own count but adds nothing to the total, as the server's total leaves it out", () => {
    const later = Date.now() + 3_600_000;
    // The server's total (2) is without the muted chat's 5.
    let state = initialListState(page([chat("a", 9, { unreadCount: 5, mutedUntil: later }), chat("b", 8, { unreadCount: 2 })], { unreadTotal: 2, next: "c1" }));
    expect(totalUnread(state)).toBe(2);
    state = reduce(state, { type: "activity", activity: created("a", 10) });
    expect(get(state, "a").unreadCount).toBe(6);
    expect(totalUnread(state)).toBe(2);
    // Unmuted (in another tab): it counts again.
    state = reduce(state, { type: "muted", muted: { conversationId: "a", mutedUntil: null } });
    expect(totalUnread(state)).toBe(8);
    state = reduce(state, { type: "muted", muted: { conversationId: "b", mutedUntil: later } });
    expect(totalUnread(state)).toBe(6);
    // A mute that has run out counts as none.
    state = reduce(state, { type: "muted", muted: { conversationId: "b", mutedUntil: Date.now() - 1 } });
    expect(totalUnread(state)).toBe(8);
  });
});

describe("a public room's unread", () => {
  it("shows on its row but not in the title's total, as the server's total leaves it out", () => {
    let state = initialListState(page([chat("general", 5, { kind: "public" }), chat("dm", 4, { kind: "direct" })]));
    state = reduce(state, { type: "activity", activity: created("general", 6) });
    state = reduce(state, { type: "activity", activity: created("dm", 7) });
    expect(state.conversations.find((c) => c.id === "general")?.unreadCount).toBe(1);
    expect(totalUnread(state)).toBe(1);
    // The server's total (General left out) less the held chats' count: nothing elsewhere.
    state = reduce(state, { type: "unread", unread: { conversationId: "dm", lastReadMessageId: 7, unreadCount: 0, unreadTotal: 0, mentionCount: 0 } });
    expect(totalUnread(state)).toBe(0);
  });
});

describe("mentions in the conversation list", () => {
  const start = () => initialListState(page([chat("a", 3), chat("b", 2)]));
  const mentioning = (conversationId: string, messageId: number, mentions: string[], senderId = "ana") =>
    ({ ...created(conversationId, messageId, senderId), mentions }) as RealtimeEvents["conversation.activity"];

  it("counts a message that mentions me apart from unread, from the message event alone", () => {
    let state = reduce(start(), { type: "activity", activity: created("b", 10) });
    state = reduce(state, { type: "activity", activity: mentioning("b", 11, [me, "ben"]) });
    state = reduce(state, { type: "activity", activity: mentioning("b", 12, ["ben"]) });
    expect(get(state, "b")).toMatchObject({ unreadCount: 3, mentionCount: 1 });
    // Announced again (a retried send): counted once.
    expect(reduce(state, { type: "activity", activity: mentioning("b", 11, [me]) })).toBe(state);
  });

  it("counts no mention in my own message, nor in the chat I am viewing", () => {
    const own = reduce(start(), { type: "activity", activity: mentioning("a", 10, [me], me) });
    expect(get(own, "a").mentionCount).toBe(0);
    const viewing = reduce(start(), { type: "viewing", conversationId: "a" });
    expect(get(reduce(viewing, { type: "activity", activity: mentioning("a", 11, [me]) }), "a").mentionCount).toBe(0);
  });

  it("clears as I read past the mention, with the server's count of what is left", () => {
    let state = reduce(start(), { type: "activity", activity: mentioning("a", 10, [me]) });
    state = reduce(state, { type: "activity", activity: mentioning("a", 11, [me]) });
    expect(get(state, "a").mentionCount).toBe(2);
    state = reduce(state, { type: "unread", unread: { conversationId: "a", lastReadMessageId: 10, unreadCount: 1, unreadTotal: 1, mentionCount: 1 } });
    expect(get(state, "a")).toMatchObject({ unreadCount: 1, mentionCount: 1 });
    state = reduce(state, { type: "unread", unread: { conversationId: "a", lastReadMessageId: 11, unreadCount: 0, unreadTotal: 0, mentionCount: 0 } });
    expect(get(state, "a").mentionCount).toBe(0);
  });

  it("opening the chat shows it with no mention", () => {
    const state = reduce(start(), { type: "activity", activity: mentioning("b", 10, [me]) });
    expect(get(reduce(state, { type: "viewing", conversationId: "b" }), "b")).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });

  it("takes a deleted unread mention off, and not one already read", () => {
    let state = reduce(start(), { type: "activity", activity: mentioning("a", 10, [me]) });
    state = reduce(state, { type: "activity", activity: { ...deleted("a", 10), mentions: [me] } as RealtimeEvents["conversation.activity"] });
    expect(get(state, "a")).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    const read = initialListState(page([chat("a", 3, { mentionCount: 1, lastReadMessageId: 5 })]));
    const after = reduce(read, { type: "activity", activity: { ...deleted("a", 4), mentions: [me] } as RealtimeEvents["conversation.activity"] });
    expect(get(after, "a").mentionCount).toBe(1);
  });

  it("applies an edit's new count (conversation.mentions)", () => {
    const state = reduce(start(), { type: "mentions", mentions: { conversationId: "b", mentionCount: 2 } });
    expect(get(state, "b").mentionCount).toBe(2);
    expect(reduce(state, { type: "mentions", mentions: { conversationId: "b", mentionCount: 2 } })).toBe(state);
  });

  it("keeps a count that arrived while a fetch was on its way", () => {
    const fetched = chat("a", 3);
    let state = reduce(start(), { type: "activity", activity: mentioning("a", 10, [me]) });
    state = reduce(state, { type: "replace", page: page([fetched, chat("b", 2)]) });
    expect(get(state, "a").mentionCount).toBe(1);
  });
});
