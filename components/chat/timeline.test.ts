import { describe, expect, it } from "vitest";
import type { MessagePage } from "@/lib/client/api-client";
import type { MessageDTO } from "@/lib/dto";
import type { PendingMessage } from "./send-queue";
import { testMessage as msg, testReadState as read } from "./test-messages";
import {
  addRange,
  atLiveEdge,
  catchUpPoint,
  hasNewer,
  hasOlder,
  heldClientIds,
  initialTimeline,
  leftAGap,
  olderCursor,
  timeline,
  type Range,
  type TimelineAction,
  type TimelineState,
} from "./timeline";

const page = (ids: number[], { hasMore = false, hasNewer = false } = {}): MessagePage => ({ messages: ids.map((id) => msg(id)), hasMore, hasNewer });
const pending = (clientId: string, status: PendingMessage["status"] = "sending"): PendingMessage => ({ clientId, body: clientId, createdAt: 0, status });
const reads = [read("me"), read("ana"), read("ben")];

const ids = (s: TimelineState) => s.messages.map((m) => m.id);
const readOf = (s: TimelineState, userId: string) => s.readStates.find((r) => r.userId === userId)?.lastReadMessageId;
const run = (s: TimelineState, ...actions: TimelineAction[]) => actions.reduce(timeline, s);
/** The conversation opened at its newest messages. */
const opened = (pageIds: number[], hasMore = false) => initialTimeline(page(pageIds, { hasMore }), reads);
const caughtUp = (after: number, pageIds: number[], hasMore = false): TimelineAction => ({ type: "caughtUp", after, page: page(pageIds, { hasMore }) });
const created = (id: number, sender = "ana", extra: Partial<MessageDTO> = {}): TimelineAction => ({ type: "created", message: msg(id, sender, extra) });

describe("the page a conversation opens with", () => {
  it("is one range, reaching the newest; the catch-up point is its newest id", () => {
    const s = opened([4, 5, 6], true);
    expect(ids(s)).toEqual([4, 5, 6]);
    expect(s.ranges).toEqual([{ from: 4, to: 6, oldest: false, newest: true }]);
    expect(atLiveEdge(s)).toBe(true);
    expect(catchUpPoint(s)).toBe(6);
    expect(hasOlder(s)).toBe(true);
    expect(hasNewer(s)).toBe(false);
    expect(olderCursor(s)).toBe(4);
  });

  it("reaches the oldest when the server says there is nothing before it", () => {
    const s = opened([1, 2]);
    expect(hasOlder(s)).toBe(false);
    expect(s.ranges[0]!.oldest).toBe(true);
  });

  it("of an empty conversation: nothing held, catch up from the start", () => {
    const s = opened([]);
    expect(s.messages).toEqual([]);
    expect(s.ranges).toEqual([{ from: 0, to: 0, oldest: true, newest: true }]);
    expect(catchUpPoint(s)).toBe(0);
    expect(hasOlder(s)).toBe(false);
    expect(atLiveEdge(s)).toBe(true);
  });

  it("around a search result deep in history: not at the live edge, pages forward from its newest id", () => {
    const s = initialTimeline(page([40, 41, 42], { hasMore: true, hasNewer: true }), reads);
    expect(atLiveEdge(s)).toBe(false);
    expect(hasNewer(s)).toBe(true);
    expect(hasOlder(s)).toBe(true);
    expect(catchUpPoint(s)).toBe(42);
  });

  it("sorts the page by id and holds each id once", () => {
    const s = initialTimeline({ messages: [msg(3), msg(1), msg(2), msg(3)], hasMore: false, hasNewer: false }, reads);
    expect(ids(s)).toEqual([1, 2, 3]);
    expect(s.byId.size).toBe(3);
  });
});

describe("the catch-up point", () => {
  it("moves to the newest id of each page read after it", () => {
    const s = run(opened([1, 2, 3]), caughtUp(3, [4, 5], true), caughtUp(5, [6]));
    expect(ids(s)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(catchUpPoint(s)).toBe(6);
    expect(s.ranges).toEqual([{ from: 1, to: 6, oldest: true, newest: true }]);
  });

  it("is not moved by a message from the channel", () => {
    const s = run(opened([1, 2, 3]), created(5));
    expect(ids(s)).toEqual([1, 2, 3, 5]);
    expect(catchUpPoint(s)).toBe(3);
    expect(s.ranges).toEqual([{ from: 1, to: 3, oldest: true, newest: true }]);
  });

  it("is not moved by the answer to this tab's own send", () => {
    const s = run(opened([1, 2, 3]), { type: "delivered", message: msg(7, "me") });
    expect(ids(s)).toEqual([1, 2, 3, 7]);
    expect(catchUpPoint(s)).toBe(3);
  });

  it("so a message still on its way when a newer one arrived live is fetched by the next catch-up", () => {
    // 4 and 5 are stored in that order, 5 is published first, then the channel drops before 4 and 6.
    let s = run(opened([1, 2, 3]), created(5), { type: "delivered", message: msg(6, "me") });
    expect(catchUpPoint(s)).toBe(3);
    s = timeline(s, caughtUp(catchUpPoint(s), [4, 5, 6]));
    expect(ids(s)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.byId.size).toBe(6);
    expect(catchUpPoint(s)).toBe(6);
  });

  it("stops at the page's newest id even when a newer message is already held from the channel", () => {
    const s = run(opened([1, 2]), created(9), caughtUp(2, [3, 4]));
    expect(ids(s)).toEqual([1, 2, 3, 4, 9]);
    expect(catchUpPoint(s)).toBe(4);
  });

  it("stays put on an empty catch-up page", () => {
    const s = run(opened([1, 2]), created(3), caughtUp(2, []));
    expect(catchUpPoint(s)).toBe(2);
    expect(atLiveEdge(s)).toBe(true);
  });

  it("is never moved back by a late answer to an earlier catch-up", () => {
    const s = run(opened([1, 2]), caughtUp(2, [3, 4, 5]), caughtUp(2, [3]));
    expect(catchUpPoint(s)).toBe(5);
    expect(ids(s)).toEqual([1, 2, 3, 4, 5]);
  });

  it("is not moved by an older page or by changed messages", () => {
    const s = run(opened([5, 6], true), { type: "older", before: 5, page: page([3, 4]) }, { type: "updated", messages: [msg(6, "ana", { body: "edited" })] });
    expect(catchUpPoint(s)).toBe(6);
  });

  it("an empty conversation's first catch-up holds what was sent meanwhile", () => {
    const s = run(opened([]), caughtUp(0, [1, 2]));
    expect(ids(s)).toEqual([1, 2]);
    expect(s.ranges).toEqual([{ from: 0, to: 2, oldest: true, newest: true }]);
  });
});

describe("messages from the channel", () => {
  it("are held in id order whatever order they arrive in, each once", () => {
    const s = run(opened([1]), created(4), created(3), created(4, "ana", { body: "again" }));
    expect(ids(s)).toEqual([1, 3, 4]);
    expect(s.byId.get(4)?.body).toBe("again");
  });

  it("are ignored by a view deep in history, which pages there instead", () => {
    const deep = initialTimeline(page([10, 11], { hasMore: true, hasNewer: true }), reads);
    const s = timeline(deep, created(90));
    expect(ids(s)).toEqual([10, 11]);
  });

  it("a repeat of a held message (a retried send announced again) is merged, not doubled", () => {
    const s = run(opened([1, 2, 3]), created(2));
    expect(ids(s)).toEqual([1, 2, 3]);
  });
});

describe("older pages", () => {
  it("join the range they continue and move the older cursor back", () => {
    const s = run(opened([5, 6], true), { type: "loading", direction: "older" }, { type: "older", before: 5, page: page([3, 4], { hasMore: true }) });
    expect(ids(s)).toEqual([3, 4, 5, 6]);
    expect(s.ranges).toEqual([{ from: 3, to: 6, oldest: false, newest: true }]);
    expect(olderCursor(s)).toBe(3);
    expect(hasOlder(s)).toBe(true);
    expect(s.loading).toBeNull();
  });

  it("reach the oldest when the server says so", () => {
    const s = timeline(opened([5, 6], true), { type: "older", before: 5, page: page([1, 2]) });
    expect(hasOlder(s)).toBe(false);
    expect(s.ranges).toEqual([{ from: 1, to: 6, oldest: true, newest: true }]);
  });

  it("an empty one means nothing is older", () => {
    const s = timeline(opened([5, 6], true), { type: "older", before: 5, page: page([]) });
    expect(hasOlder(s)).toBe(false);
    expect(ids(s)).toEqual([5, 6]);
  });

  it("page back from the first range even when an older message is held outside it", () => {
    // A send restored from the tab's storage was stored long ago: its answer is an old message.
    const s = timeline(opened([50, 51], true), { type: "delivered", message: msg(7, "me") });
    expect(ids(s)).toEqual([7, 50, 51]);
    expect(olderCursor(s)).toBe(50);
  });
});

describe("paging forward from deep in history", () => {
  const deep = () => initialTimeline(page([10, 11], { hasMore: true, hasNewer: true }), reads);

  it("joins the range and stays off the live edge while there is more", () => {
    const s = run(deep(), { type: "loading", direction: "newer" }, { type: "newer", after: 11, page: page([12, 13], { hasMore: true }) });
    expect(ids(s)).toEqual([10, 11, 12, 13]);
    expect(catchUpPoint(s)).toBe(13);
    expect(hasNewer(s)).toBe(true);
    expect(s.loading).toBeNull();
  });

  it("reaches the live edge with the newest page; from then on the channel's messages are held", () => {
    let s = timeline(deep(), { type: "newer", after: 11, page: page([12]) });
    expect(atLiveEdge(s)).toBe(true);
    expect(hasNewer(s)).toBe(false);
    s = timeline(s, created(14));
    expect(ids(s)).toEqual([10, 11, 12, 14]);
    expect(catchUpPoint(s)).toBe(12);
  });

  it("an empty last page reaches the live edge too", () => {
    const s = timeline(deep(), { type: "newer", after: 11, page: page([]) });
    expect(atLiveEdge(s)).toBe(true);
    expect(catchUpPoint(s)).toBe(11);
  });

  it("jumps to the newest page: it replaces what is held, keeping sends answered meanwhile and pending ones", () => {
    let s = run(deep(), { type: "pending", items: [pending("k30"), pending("k31")] }, { type: "delivered", message: msg(30, "me") });
    expect(hasNewer(s)).toBe(true);
    s = timeline(s, { type: "latest", page: page([27, 28], { hasMore: true }) });
    expect(ids(s)).toEqual([27, 28, 30]);
    expect(s.ranges).toEqual([{ from: 27, to: 28, oldest: false, newest: true }]);
    expect(atLiveEdge(s)).toBe(true);
    expect(catchUpPoint(s)).toBe(28);
    expect(olderCursor(s)).toBe(27);
    expect(s.pending.map((p) => p.clientId)).toEqual(["k31"]);
    expect(readOf(s, "me")).toBe(30);
  });
});

describe("changed messages (edits, deletes, reactions)", () => {
  it("replace the held copy in place", () => {
    const s = timeline(opened([1, 2, 3]), { type: "updated", messages: [msg(2, "ana", { body: null, deletedAt: 9 })] });
    expect(ids(s)).toEqual([1, 2, 3]);
    expect(s.byId.get(2)?.deletedAt).toBe(9);
    expect(s.messages[1]?.deletedAt).toBe(9);
  });

  it("never add a message that is not held, so never a gap", () => {
    const before = opened([1, 2, 3]);
    const s = timeline(before, { type: "updated", messages: [msg(8)] });
    expect(s).toBe(before);
  });

  it("change the quotes of them in replies: a deleted message's text leaves them, held or not", () => {
    const quoting = (id: number, quoted: number, body: string) => msg(id, "ben", { replyTo: { id: quoted, body, senderUsername: "ana" } });
    const before = initialTimeline(
      { messages: [msg(5), quoting(6, 5, "m5"), quoting(7, 2, "m2"), quoting(8, 5, "m5")], hasMore: true, hasNewer: false },
      reads,
    );
    let s = timeline(before, { type: "updated", messages: [msg(5, "ana", { body: null, deletedAt: 9 })] });
    expect(s.messages.map((m) => m.replyTo?.body)).toEqual([undefined, null, "m2", null]);
    expect(s.byId.get(8)?.replyTo?.body).toBeNull();
    // Message 2 is not held (an older page), but its quote is.
    s = timeline(s, { type: "updated", messages: [msg(2, "ana", { body: "m2, edited" })] });
    expect(ids(s)).toEqual([5, 6, 7, 8]);
    expect(s.byId.get(7)?.replyTo?.body).toBe("m2, edited");
    // A reaction changes no quote and leaves the rest as it was.
    const again = timeline(s, { type: "updated", messages: [msg(2, "ana", { body: "m2, edited", reactions: [{ emoji: "👍", users: ["ben"] }] })] });
    expect(again.messages).toBe(s.messages);
  });

  it("apply those held among several and leave the rest out", () => {
    const s = timeline(opened([1, 2]), { type: "updated", messages: [msg(2, "ana", { body: "edited" }), msg(5)] });
    expect(ids(s)).toEqual([1, 2]);
    expect(s.byId.get(2)?.body).toBe("edited");
  });
});

describe("pending sends", () => {
  it("show what the send queue holds, in its order", () => {
    const s = timeline(opened([1]), { type: "pending", items: [pending("a"), pending("b", "waiting")] });
    expect(s.pending.map((p) => [p.clientId, p.status])).toEqual([
      ["a", "sending"],
      ["b", "waiting"],
    ]);
  });

  it("the answer to a send takes its pending entry's place in one step", () => {
    const s = run(
      opened([1]),
      { type: "pending", items: [pending("mine"), pending("next")] },
      { type: "delivered", message: msg(2, "me", { clientId: "mine" }) },
    );
    expect(s.pending.map((p) => p.clientId)).toEqual(["next"]);
    expect(ids(s)).toEqual([1, 2]);
  });

  it("so does its echo from the channel, arriving before the answer", () => {
    let s = run(opened([1]), { type: "pending", items: [pending("mine")] }, created(2, "me", { clientId: "mine" }));
    expect(s.pending).toEqual([]);
    s = timeline(s, { type: "delivered", message: msg(2, "me", { clientId: "mine" }) });
    expect(ids(s)).toEqual([1, 2]);
  });

  it("and a catch-up page that holds it (the answer was lost on the way)", () => {
    const s = run(
      opened([1]),
      { type: "pending", items: [pending("mine")] },
      { type: "caughtUp", after: 1, page: { messages: [msg(2, "me", { clientId: "mine" })], hasMore: false, hasNewer: false } },
    );
    expect(s.pending).toEqual([]);
  });

  it("a queue change that still lists a send already held does not bring it back", () => {
    const s = run(opened([1]), created(2, "me", { clientId: "mine" }), { type: "pending", items: [pending("mine", "waiting"), pending("other")] });
    expect(s.pending.map((p) => p.clientId)).toEqual(["other"]);
  });

  it("a send restored after a reload whose message the first page already holds is not pending", () => {
    const s = initialTimeline({ messages: [msg(1, "me", { clientId: "sent-before-reload" })], hasMore: false, hasNewer: false }, reads);
    expect(heldClientIds(s).has("sent-before-reload")).toBe(true);
    expect(timeline(s, { type: "pending", items: [pending("sent-before-reload")] }).pending).toEqual([]);
  });
});

describe("read states", () => {
  it("follow conversation.read events", () => {
    const s = timeline(opened([1, 2, 3]), { type: "read", read: read("ben", 3) });
    expect(readOf(s, "ben")).toBe(3);
  });

  it("never move back (an event published late)", () => {
    const s = run(opened([1, 2, 3]), { type: "read", read: read("ben", 3) }, { type: "read", read: read("ben", 2) });
    expect(readOf(s, "ben")).toBe(3);
  });

  it("leave out a reader who is not known as a member", () => {
    const s = timeline(opened([1]), { type: "read", read: read("stranger", 1) });
    expect(s.readStates.map((r) => r.userId)).toEqual(["me", "ana", "ben"]);
  });

  it("a message's sender has read through it: from the channel", () => {
    const s = run(opened([1, 2]), created(3, "ben"));
    expect(readOf(s, "ben")).toBe(3);
    expect(readOf(s, "ana")).toBe(2);
  });

  it("a message's sender has read through it: the answer to one's own send", () => {
    const s = timeline(opened([1]), { type: "delivered", message: msg(4, "me") });
    expect(readOf(s, "me")).toBe(4);
  });

  it("a message's sender has read through it: pages read from the server", () => {
    const s = run(opened([1]), caughtUp(1, [2, 3]), { type: "read", read: read("ben", 0) });
    expect(readOf(s, "ana")).toBe(3);
    expect(initialTimeline(page([5]), [read("ana", 1)]).readStates).toEqual([read("ana", 5)]);
  });

  it("a message's sender has read through it even where the view does not hold it (deep in history)", () => {
    const deep = initialTimeline(page([10], { hasMore: true, hasNewer: true }), reads);
    expect(readOf(timeline(deep, created(90, "ben")), "ben")).toBe(90);
  });

  it("a sender's older message does not move their read position back", () => {
    const s = run(opened([1]), { type: "read", read: read("ben", 9) }, created(5, "ben"));
    expect(readOf(s, "ben")).toBe(9);
  });

  it("system messages and changed messages say nothing about reading", () => {
    const s = run(opened([1]), created(2, "ben", { kind: "system" }), { type: "updated", messages: [msg(1, "ben")] });
    expect(readOf(s, "ben")).toBe(0);
  });
});

describe("loading", () => {
  it("is set while a page is on its way and cleared by its answer or its failure", () => {
    const s = timeline(opened([5], true), { type: "loading", direction: "older" });
    expect(s.loading).toBe("older");
    expect(timeline(s, { type: "loadFailed" }).loading).toBeNull();
    expect(timeline(s, { type: "older", before: 5, page: page([4]) }).loading).toBeNull();
  });

  it("a catch-up page leaves it alone", () => {
    const s = run(opened([5], true), { type: "loading", direction: "older" }, caughtUp(5, [6]));
    expect(s.loading).toBe("older");
  });
});

describe("ranges", () => {
  const r = (from: number, to: number, flags: Partial<Range> = {}): Range => ({ from, to, oldest: false, newest: false, ...flags });

  it("stay apart when ids between them may be missing", () => {
    expect(addRange([r(1, 5)], r(7, 9))).toEqual([r(1, 5), r(7, 9)]);
  });

  it("join when they touch or overlap, keeping both ends' flags", () => {
    expect(addRange([r(1, 5, { oldest: true })], r(6, 9, { newest: true }))).toEqual([r(1, 9, { oldest: true, newest: true })]);
    expect(addRange([r(1, 5), r(8, 9)], r(4, 8))).toEqual([r(1, 9)]);
  });

  it("a range read apart from the live one does not take the live edge: the catch-up still fills the gap", () => {
    const apart = addRange([r(1, 5, { newest: true })], r(20, 25, { newest: true }));
    expect(apart).toEqual([r(1, 5, { newest: true }), r(20, 25)]);
    expect(addRange(apart, r(5, 20))).toEqual([r(1, 25, { newest: true })]);
  });

  it("the catch-up point is the live range's end, not the newest range's", () => {
    const s: TimelineState = { ...opened([1, 2]), ranges: [r(1, 2, { oldest: true, newest: true }), r(20, 25)] };
    expect(catchUpPoint(s)).toBe(2);
  });
});

describe("the reducer", () => {
  it("never changes the state it is given", () => {
    const before = opened([2, 3], true);
    const snapshot = structuredClone({ messages: before.messages, ranges: before.ranges, readStates: before.readStates, size: before.byId.size });
    run(
      before,
      created(5, "ben"),
      caughtUp(3, [4, 5]),
      { type: "older", before: 2, page: page([1]) },
      { type: "updated", messages: [msg(2, "ana", { body: "edited" })] },
      { type: "read", read: read("ana", 9) },
      { type: "pending", items: [pending("x")] },
    );
    expect({ messages: before.messages, ranges: before.ranges, readStates: before.readStates, size: before.byId.size }).toEqual(snapshot);
  });

  it("returns the same state for an action that changes nothing", () => {
    const s = opened([1, 2]);
    expect(timeline(s, { type: "read", read: read("ana", 1) })).toBe(s);
    expect(timeline(s, { type: "loadFailed" })).toBe(s);
  });

  it("a reconnect story: live, a drop, a catch-up in pages, an echo and a late read; each message once, in order", () => {
    let s = opened([1, 2, 3]);
    s = run(s, { type: "pending", items: [pending("mine")] }, created(5, "ben"));
    // The channel drops; 4 (ana), 6 (mine) and 7 (ben) are stored meanwhile.
    s = run(s, caughtUp(catchUpPoint(s), [4, 5], true));
    s = timeline(s, { type: "caughtUp", after: 5, page: { messages: [msg(6, "me", { clientId: "mine" }), msg(7, "ben")], hasMore: false, hasNewer: false } });
    s = run(s, created(7, "ben"), { type: "read", read: read("ana", 5) });
    expect(ids(s)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(s.pending).toEqual([]);
    expect(catchUpPoint(s)).toBe(7);
    expect(s.ranges).toEqual([{ from: 1, to: 7, oldest: true, newest: true }]);
    expect([readOf(s, "me"), readOf(s, "ana"), readOf(s, "ben")]).toEqual([6, 5, 7]);
  });
});

describe("the newest page read again after a reconnect", () => {
  const newest = (pageIds: number[], hasMore = true): TimelineAction => ({ type: "refreshed", page: page(pageIds, { hasMore }) });

  it("that reaches back to the live range catches it up, and replaces what changed meanwhile", () => {
    const before = opened([4, 5, 6], true);
    const again: MessagePage = { messages: [msg(5, "ana", { body: "edited" }), msg(6), msg(8), msg(9)], hasMore: true, hasNewer: false };
    expect(leftAGap(before, again)).toBe(false);
    const s = timeline(before, { type: "refreshed", page: again });
    expect(ids(s)).toEqual([4, 5, 6, 8, 9]);
    expect(s.messages[1]!.body).toBe("edited");
    expect(s.ranges).toEqual([{ from: 4, to: 9, oldest: false, newest: true }]);
    expect(catchUpPoint(s)).toBe(9);
  });

  it("that starts after the live range leaves a gap the catch-up then fills", () => {
    const before = opened([4, 5, 6], true);
    expect(leftAGap(before, page([60, 61, 62], { hasMore: true }))).toBe(true);
    let s = timeline(before, newest([60, 61, 62]));
    expect(ids(s)).toEqual([4, 5, 6, 60, 61, 62]);
    // The live range is still the old one: catching up starts where it ends.
    expect(catchUpPoint(s)).toBe(6);
    s = timeline(s, caughtUp(6, [7, 8, 60, 61, 62]));
    expect(s.ranges).toEqual([{ from: 4, to: 62, oldest: false, newest: true }]);
  });

  it("holding everything there is, or nothing, leaves no gap", () => {
    const before = opened([4, 5, 6], true);
    expect(leftAGap(before, page([50, 51], { hasMore: false }))).toBe(false);
    expect(leftAGap(before, page([]))).toBe(false);
    expect(timeline(before, newest([]))).toBe(before);
  });
});
