import type { MessagePage } from "@/lib/client/api-client";
import type { MessageDTO, ReadState } from "@/lib/dto";
import type { PendingMessage } from "./send-queue";

/**
 * Ids from `from` to `to` (both included) of which every message of the conversation is held. A
 * page read from the server is such a range: the database stores one write at a time, so a page
 * holds every message up to its newest id. A message from the channel (or the answer to this tab's
 * own send) is not: ids are given out as messages are stored but published as each request
 * finishes, so an older one may still be on its way. Such a message is held, outside every range.
 */
export type Range = {
  from: number;
  to: number;
  /** Nothing older exists. */
  oldest: boolean;
  /**
   * It reached the newest message when it was read, and the view has followed the channel since: the
   * live edge. At most one range has it, and a catch-up continues that one.
   */
  newest: boolean;
};

export type TimelineState = {
  byId: ReadonlyMap<number, MessageDTO>;
  /** What byId holds, in id order: the view renders this. */
  messages: MessageDTO[];
  /** In id order, none touching another. Never empty: the first page read is one. */
  ranges: Range[];
  /** This tab's sends the server has not confirmed, in the order written; none of them is held. */
  pending: PendingMessage[];
  /** Every member's read position; each only ever moves forward. */
  readStates: ReadState[];
  loading: "older" | "newer" | null;
};

export type TimelineAction =
  /** A page before the oldest range, read with `before`. */
  | { type: "older"; before: number; page: MessagePage }
  /** A page read with `after` while paging forward through history. */
  | { type: "newer"; after: number; page: MessagePage }
  /** A page read with `after` from the catch-up point, at the live edge. */
  | { type: "caughtUp"; after: number; page: MessagePage }
  /**
   * The newest page, read again after a reconnect: it replaces what it holds (edits, deletes and
   * reactions made meanwhile), and where it reaches back to the live range it catches that up.
   */
  | { type: "refreshed"; page: MessagePage }
  /** message.created from the channel. */
  | { type: "created"; message: MessageDTO }
  /** The server's answer to this tab's own send. */
  | { type: "delivered"; message: MessageDTO }
  /**
   * Messages changed (an edit, a delete, a reaction): replaces those held, adds none. Quotes of them
   * in replies held change with them, held or not: a deleted message's text leaves its quotes too.
   */
  | { type: "updated"; messages: MessageDTO[] }
  /** The newest page, read to leave a view deep in history: it replaces what is held. */
  | { type: "latest"; page: MessagePage }
  /** The send queue's items changed. */
  | { type: "pending"; items: PendingMessage[] }
  /** conversation.read from the channel. */
  | { type: "read"; read: ReadState }
  | { type: "loading"; direction: "older" | "newer" }
  | { type: "loadFailed" };

/** The page the conversation opened with: the newest messages, or those around a search result. */
export function initialTimeline(page: MessagePage, readStates: ReadState[]): TimelineState {
  const empty: TimelineState = { byId: new Map(), messages: [], ranges: [], pending: [], readStates, loading: null };
  const range = { from: page.messages[0]?.id ?? 0, to: page.messages.at(-1)?.id ?? 0, oldest: !page.hasMore, newest: !page.hasNewer };
  return { ...withMessages(empty, page.messages), ranges: [range] };
}

export function timeline(state: TimelineState, action: TimelineAction): TimelineState {
  switch (action.type) {
    case "older": {
      const { before, page } = action;
      const range = { from: page.messages[0]?.id ?? before, to: before, oldest: !page.hasMore, newest: false };
      return { ...withMessages(state, page.messages), ranges: addRange(state.ranges, range), loading: doneLoading(state, "older") };
    }
    case "newer":
    case "caughtUp": {
      const { after, page } = action;
      const range = { from: after, to: page.messages.at(-1)?.id ?? after, oldest: false, newest: !page.hasMore };
      const next = { ...withMessages(state, page.messages), ranges: addRange(state.ranges, range) };
      return action.type === "newer" ? { ...next, loading: doneLoading(state, "newer") } : next;
    }
    case "refreshed": {
      const { page } = action;
      const first = page.messages[0]?.id;
      if (first === undefined) return state;
      const range = { from: first, to: page.messages.at(-1)!.id, oldest: !page.hasMore, newest: true };
      return { ...withMessages(state, page.messages), ranges: addRange(state.ranges, range) };
    }
    case "created":
      // A view deep in history does not know what lies between it and the newest: it pages there.
      if (!atLiveEdge(state)) return withReadThrough(state, [action.message]);
      return withMessages(state, [action.message]);
    case "delivered":
      return withMessages(state, [action.message]);
    case "updated": {
      const held = action.messages.filter((m) => state.byId.has(m.id));
      return withQuotesOf(held.length === 0 ? state : withMessages(state, held, { readThrough: false }), action.messages);
    }
    case "latest": {
      // Sends answered while the request was out may be newer than the page; the catch-up that
      // follows fills in whatever lies between.
      const newest = action.page.messages.at(-1)?.id ?? 0;
      const later = state.messages.filter((m) => m.id > newest);
      const fresh = initialTimeline({ ...action.page, hasNewer: false }, state.readStates);
      const next = withMessages(fresh, later, { readThrough: false });
      return { ...next, pending: withoutHeld(next, state.pending) };
    }
    case "pending":
      return { ...state, pending: withoutHeld(state, action.items) };
    case "read":
      return readThrough(state, action.read.userId, action.read.lastReadMessageId);
    case "loading":
      return { ...state, loading: action.direction };
    case "loadFailed":
      return state.loading === null ? state : { ...state, loading: null };
  }
}

/**
 * Whether a newest page read after a reconnect left a gap behind it: it did not reach back to the
 * live range, and older messages exist, so some may lie between the two.
 */
export function leftAGap(before: TimelineState, page: MessagePage): boolean {
  const first = page.messages[0]?.id;
  return first !== undefined && page.hasMore && first > catchUpPoint(before) + 1;
}

/** Where catching up (or paging forward) starts: the end of the live range, or of the newest range held. */
export function catchUpPoint(state: TimelineState): number {
  return liveRange(state).to;
}

/** Whether the view follows the channel: it holds a range that reached the newest message. */
export function atLiveEdge(state: TimelineState): boolean {
  return liveRange(state).newest;
}

/** Where the next older page ends (it is read with `before`). */
export function olderCursor(state: TimelineState): number {
  return state.ranges[0]!.from;
}

export function hasOlder(state: TimelineState): boolean {
  return !state.ranges[0]!.oldest;
}

export function hasNewer(state: TimelineState): boolean {
  return !atLiveEdge(state);
}

export function holds(state: TimelineState, messageId: number): boolean {
  return state.byId.has(messageId);
}

/** The clientIds held: a send whose clientId is among them is stored, and is not sent again. */
export function heldClientIds(state: TimelineState): Set<string> {
  return new Set(state.messages.map((m) => m.clientId));
}

function liveRange(state: TimelineState): Range {
  return state.ranges.find((r) => r.newest) ?? state.ranges.at(-1)!;
}

function doneLoading(state: TimelineState, direction: "older" | "newer"): TimelineState["loading"] {
  return state.loading === direction ? null : state.loading;
}

/**
 * Adds a range read from the server, joining every range it overlaps or touches. The live flag
 * spreads only by joining: a range read apart from the live one (further on, or a late answer from
 * before it) does not take it, so catching up still starts where the live range ends and fills the gap.
 */
export function addRange(ranges: Range[], added: Range): Range[] {
  const live = ranges.some((r) => r.newest);
  let joined: Range = { ...added, newest: added.newest && !live };
  const apart: Range[] = [];
  for (const r of ranges) {
    if (r.from <= joined.to + 1 && joined.from <= r.to + 1) {
      joined = {
        from: Math.min(r.from, joined.from),
        to: Math.max(r.to, joined.to),
        oldest: r.oldest || joined.oldest,
        newest: r.newest || joined.newest,
      };
    } else {
      apart.push(r);
    }
  }
  return [...apart, joined].sort((a, b) => a.from - b.from);
}

/**
 * Holds these messages, each id once, in id order; a later copy of an id replaces the earlier one
 * (an edit or delete carries the same id). A pending send with the same clientId is now stored, and
 * leaves the pending list in the same step. Unless told otherwise, each message's sender has read
 * through it: the server moves a sender's read position when they send, without an event of its own.
 */
function withMessages(state: TimelineState, incoming: MessageDTO[], { readThrough = true } = {}): TimelineState {
  if (incoming.length === 0) return state;
  const byId = new Map(state.byId);
  let added = false;
  for (const m of incoming) {
    added ||= !byId.has(m.id);
    byId.set(m.id, m);
  }
  const messages = added ? [...byId.values()].sort((a, b) => a.id - b.id) : state.messages.map((m) => byId.get(m.id)!);
  const clientIds = new Set(incoming.map((m) => m.clientId));
  const pending = state.pending.some((p) => clientIds.has(p.clientId)) ? state.pending.filter((p) => !clientIds.has(p.clientId)) : state.pending;
  const next = { ...state, byId, messages, pending };
  return readThrough ? withReadThrough(next, incoming) : next;
}

/** Replies held that quote one of these messages show its text as it is now (null once deleted). */
function withQuotesOf(state: TimelineState, changed: MessageDTO[]): TimelineState {
  const bodies = new Map(changed.map((m) => [m.id, m.body]));
  let byId: Map<number, MessageDTO> | null = null;
  for (const m of state.messages) {
    const quoted = m.replyTo ? bodies.get(m.replyTo.id) : undefined;
    if (m.replyTo && quoted !== undefined && quoted !== m.replyTo.body) {
      byId ??= new Map(state.byId);
      byId.set(m.id, { ...m, replyTo: { ...m.replyTo, body: quoted } });
    }
  }
  if (!byId) return state;
  const updated = byId;
  return { ...state, byId: updated, messages: state.messages.map((m) => updated.get(m.id)!) };
}

/** Each text message's sender has read at least through it. */
function withReadThrough(state: TimelineState, messages: MessageDTO[]): TimelineState {
  let next = state;
  for (const m of messages) if (m.kind === "text" && m.sender) next = readThrough(next, m.sender.id, m.id);
  return next;
}

/** Moves a member's read position forward to `messageId`, never back; one not known as a member is left out. */
function readThrough(state: TimelineState, userId: string, messageId: number): TimelineState {
  const moves = state.readStates.some((r) => r.userId === userId && r.lastReadMessageId < messageId);
  if (!moves) return state;
  return {
    ...state,
    readStates: state.readStates.map((r) => (r.userId === userId && r.lastReadMessageId < messageId ? { ...r, lastReadMessageId: messageId } : r)),
  };
}

function withoutHeld(state: TimelineState, items: PendingMessage[]): PendingMessage[] {
  if (items.length === 0) return items;
  const held = heldClientIds(state);
  return items.some((i) => held.has(i.clientId)) ? items.filter((i) => !held.has(i.clientId)) : items;
}
