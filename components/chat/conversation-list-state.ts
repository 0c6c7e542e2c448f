import type { ConversationPage, ConversationSummary } from "@/lib/dto";
import { mutedAt } from "@/lib/mute-rules";
import type { RealtimeEvents } from "@/lib/realtime/events";

/**
 * The conversation list as the browser holds it: the first pages of the list (newest activity
 * first) with every realtime event since applied to them. `next` fetches the page after those held
 * (null once all are held), and `unreadElsewhere` is what is unread in the chats not held, so that
 * the tab title counts every chat. `viewing` is the chat open in a visible tab: its messages are
 * read as they arrive, so it shows no unread count (its read marks follow).
 */
export type ListState = {
  conversations: ConversationSummary[];
  next: string | null;
  unreadElsewhere: number;
  viewing: string | null;
};

export type ListAction =
  /** The first pages fetched again (after a reconnect, a membership change, an unknown chat). */
  | { type: "replace"; page: ConversationPage }
  /** The page after `after` (the `next` it was asked with), for scrolling down. */
  | { type: "more"; after: string; page: ConversationPage }
  | { type: "activity"; activity: RealtimeEvents["conversation.activity"] }
  | { type: "unread"; unread: RealtimeEvents["conversation.unread"] }
  | { type: "viewing"; conversationId: string | null }
  /** Muted or unmuted in one of my tabs (`conversation.muted`). */
  | { type: "muted"; muted: RealtimeEvents["conversation.muted"] }
  /** An edit mentioned me or took a mention of me out (`conversation.mentions`). */
  | { type: "mentions"; mentions: RealtimeEvents["conversation.mentions"] };

export function initialListState(page: ConversationPage): ListState {
  return {
    conversations: sorted(page.conversations),
    next: page.next,
    unreadElsewhere: elsewhere(page.unreadTotal, page.conversations),
    viewing: null,
  };
}

/** Whether the list holds this conversation: an event about one it does not hold needs a fetch. */
export function holds(state: ListState, conversationId: string): boolean {
  return state.conversations.some((c) => c.id === conversationId);
}

export function totalUnread(state: ListState): number {
  return unreadIn(state.conversations) + state.unreadElsewhere;
}

/**
 * What the held chats add to the total: a muted chat adds nothing, as on the server (countUnread),
 * and neither does a public room, whose unread shows on its row only. It reads the clock, so a mute
 * that has run out counts again at the next render (the provider renders again as each mute ends).
 */
function unreadIn(conversations: ConversationSummary[], now = Date.now()): number {
  return conversations.reduce((sum, c) => sum + (c.kind === "public" || mutedAt(c.mutedUntil, now) ? 0 : c.unreadCount), 0);
}

/** The server's total less what the held chats count: the unread of the chats not held. */
function elsewhere(unreadTotal: number, held: ConversationSummary[]): number {
  return Math.max(0, unreadTotal - unreadIn(held));
}

/** The server's order: newest activity first, then by id, descending (listConversationPage). */
function byActivity(a: ConversationSummary, b: ConversationSummary): number {
  return b.activityAt - a.activityAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function sorted(conversations: ConversationSummary[]): ConversationSummary[] {
  return conversations.toSorted(byActivity);
}

function patch(state: ListState, id: string, change: (c: ConversationSummary) => ConversationSummary): ListState {
  let changed = false;
  const conversations = state.conversations.map((c) => {
    if (c.id !== id) return c;
    const next = change(c);
    changed ||= next !== c;
    return next;
  });
  return changed ? { ...state, conversations } : state;
}

export function listReducer(meId: string) {
  return (state: ListState, action: ListAction): ListState => {
    switch (action.type) {
      case "replace":
        return replaced(state, action.page);
      case "more": {
        if (action.after !== state.next) return state;
        const added = action.page.conversations.filter((c) => !holds(state, c.id));
        return {
          ...state,
          conversations: sorted([...state.conversations, ...added]),
          next: action.page.next,
          unreadElsewhere: Math.max(0, state.unreadElsewhere - unreadIn(added)),
        };
      }
      case "activity":
        return action.activity.change === "created" ? created(state, action.activity, meId) : deleted(state, action.activity, meId);
      case "unread": {
        const { conversationId, lastReadMessageId, unreadCount, unreadTotal, mentionCount } = action.unread;
        // Read in a chat this list does not hold: only the server's total says what is left elsewhere.
        if (!holds(state, conversationId)) return { ...state, unreadElsewhere: elsewhere(unreadTotal, state.conversations) };
        return patch(state, conversationId, (c) => {
          // Answers and events can arrive out of order: an older read position says nothing new.
          if (lastReadMessageId < c.lastReadMessageId) return c;
          const count = c.id === state.viewing ? 0 : unreadCount;
          const mentions = c.id === state.viewing ? 0 : mentionCount;
          if (lastReadMessageId === c.lastReadMessageId && count === c.unreadCount && mentions === c.mentionCount) return c;
          return { ...c, lastReadMessageId, unreadCount: count, mentionCount: mentions };
        });
      }
      case "muted": {
        const { conversationId, mutedUntil } = action.muted;
        return patch(state, conversationId, (c) => (c.mutedUntil === mutedUntil ? c : { ...c, mutedUntil }));
      }
      case "mentions": {
        const { conversationId, mentionCount } = action.mentions;
        return patch(state, conversationId, (c) => {
          const count = c.id === state.viewing ? 0 : mentionCount;
          return c.mentionCount === count ? c : { ...c, mentionCount: count };
        });
      }
      case "viewing": {
        const next = action.conversationId === state.viewing ? state : { ...state, viewing: action.conversationId };
        return action.conversationId === null ? next : patch(next, action.conversationId, (c) => shown(next, c));
      }
    }
  };
}

/**
 * The first pages fetched again. Held chats beyond the fetched pages stay (with the cursor after
 * them), unless the fetch reached the end of the list; held chats within them that the fetch did not
 * return have left the list (removed, hidden, or moved beyond it).
 */
function replaced(state: ListState, page: ConversationPage): ListState {
  const fetched = page.conversations;
  const last = fetched.at(-1);
  const beyond = page.next === null || !last ? [] : state.conversations.filter((c) => byActivity(c, last) > 0 && !fetched.some((f) => f.id === c.id));
  const conversations = sorted([...fetched.map((c) => fresher(state, c)), ...beyond]).map((c) => shown(state, c));
  return {
    ...state,
    conversations,
    next: beyond.length > 0 ? state.next : page.next,
    unreadElsewhere: elsewhere(page.unreadTotal, [...fetched, ...beyond]),
  };
}

/** The viewed chat shows nothing unread, and no mention. */
function shown(state: ListState, c: ConversationSummary): ConversationSummary {
  return c.id === state.viewing && (c.unreadCount !== 0 || c.mentionCount !== 0) ? { ...c, unreadCount: 0, mentionCount: 0 } : c;
}

/**
 * A fetched conversation, unless what is held is newer: events that arrived while the fetch was
 * on its way are not undone by its answer. Names, pictures and channels always come from the fetch.
 */
function fresher(state: ListState, fetched: ConversationSummary): ConversationSummary {
  const held = state.conversations.find((c) => c.id === fetched.id);
  if (!held) return fetched;
  const heldLast = held.lastMessage?.id ?? 0;
  const fetchedLast = fetched.lastMessage?.id ?? 0;
  const newerMessage = heldLast > fetchedLast;
  const newerRead = held.lastReadMessageId > fetched.lastReadMessageId;
  if (!newerMessage && !newerRead) return fetched;
  return {
    ...fetched,
    ...(newerMessage ? { lastMessage: held.lastMessage, activityAt: held.activityAt } : {}),
    lastReadMessageId: Math.max(held.lastReadMessageId, fetched.lastReadMessageId),
    unreadCount: held.unreadCount,
    mentionCount: held.mentionCount,
  };
}

function created(state: ListState, activity: Extract<RealtimeEvents["conversation.activity"], { change: "created" }>, meId: string): ListState {
  const { conversationId, messageId, kind, createdAt, preview, mentions } = activity;
  const next = patch(state, conversationId, (c) => {
    // A send retried and announced again, or an event older than the fetch: already counted.
    if (c.lastMessage && messageId <= c.lastMessage.id) return c;
    const mine = preview.senderId === meId;
    return {
      ...c,
      lastMessage: { id: messageId, kind, body: preview.body, senderUsername: preview.senderUsername, createdAt },
      activityAt: Math.max(c.activityAt, createdAt),
      // My own message means I have read the chat through it (the server moved my position there).
      lastReadMessageId: mine ? Math.max(c.lastReadMessageId, messageId) : c.lastReadMessageId,
      unreadCount: mine ? 0 : c.id === state.viewing ? 0 : c.unreadCount + 1,
      // Mentions count apart from unread, and clear as it does: by reading past them.
      mentionCount: mine || c.id === state.viewing ? 0 : c.mentionCount + (mentions.includes(meId) ? 1 : 0),
    };
  });
  return next === state ? state : { ...next, conversations: sorted(next.conversations) };
}

function deleted(state: ListState, activity: Extract<RealtimeEvents["conversation.activity"], { change: "deleted" }>, meId: string): ListState {
  const { conversationId, messageId, senderId, mentions } = activity;
  return patch(state, conversationId, (c) => {
    const last = c.lastMessage?.id === messageId && c.lastMessage.body !== null ? { ...c.lastMessage, body: null } : c.lastMessage;
    const unread = messageId > c.lastReadMessageId && senderId !== meId;
    const counted = unread && c.unreadCount > 0;
    const mentioned = unread && c.mentionCount > 0 && mentions.includes(meId);
    if (last === c.lastMessage && !counted && !mentioned) return c;
    return {
      ...c,
      lastMessage: last,
      unreadCount: counted ? c.unreadCount - 1 : c.unreadCount,
      mentionCount: mentioned ? c.mentionCount - 1 : c.mentionCount,
    };
  });
}
