import type { MessageDTO, PinnedMessage, ReadPosition, ReadState, UserSummary } from "@/lib/dto";

/** Sent instead of a message too large for one event: the client fetches it by id. */
export type PartialMessage = { partial: true; id: number; conversationId: string };

/** Every realtime event: its name and the payload it carries. */
export type RealtimeEvents = {
  /** On a conversation's channel. */
  "message.created": MessageDTO | PartialMessage;
  /** On a conversation's channel: an edit, a delete or a reaction; the whole message again. */
  "message.updated": MessageDTO | PartialMessage;
  /** On a conversation's channel: a member has read up to a message. */
  "conversation.read": ReadState & { conversationId: string };
  /** On each affected member's own channel: members, roles, name or channel changed; reload it. */
  "conversation.membership": { conversationId: string };
  /** On each of a person's conversation channels: their name, username or picture changed. */
  "member.updated": UserSummary;
  /** On a removed (or departed) member's own channel. */
  "conversation.removed": { conversationId: string };
  /** On the user's own channel and their contacts' channels: online, or last seen. */
  "presence.changed": { userId: string; online: boolean; lastSeenAt: number | null };
  /**
   * On each member's own channel: a message was added to (or deleted from) one of their chats. The
   * conversation list applies it where it stands (preview, time, order, unread count) and refetches
   * only a conversation it does not hold yet. A message's sender has read through it.
   */
  "conversation.activity":
    | {
        change: "created";
        conversationId: string;
        messageId: number;
        kind: MessageDTO["kind"];
        createdAt: number;
        preview: { senderId: string | null; senderUsername: string | null; body: string };
        /** Who the message mentions: each of them counts it apart from unread. */
        mentions: string[];
      }
    | { change: "deleted"; conversationId: string; messageId: number; senderId: string | null; mentions: string[] };
  /** On a member's own channel: an edit mentioned them or took a mention out; their count in that chat now. */
  "conversation.mentions": { conversationId: string; mentionCount: number };
  /**
   * On the reader's own channel (every tab and device of theirs): their read position in a chat
   * moved, and this many messages of others are still unread there.
   */
  "conversation.unread": { conversationId: string } & ReadPosition;
  /** On a conversation's channel: a message was pinned or unpinned; the chat's pins as they now are. */
  "conversation.pins": { conversationId: string; pins: PinnedMessage[] };
  /** On the member's own channel (every tab and device of theirs): they muted or unmuted a chat. */
  "conversation.muted": { conversationId: string; mutedUntil: number | null };
  /** On both people's own channels: a request, contact or block between them changed. */
  "contact.changed": { userId: string };
  /** On the channels of those who show this person (contacts, chat partners): name, username or avatar changed. */
  "profile.updated": { userId: string };
  /** On every admin's own channel: reports, accounts, settings, rooms or the audit log changed; /admin reloads. */
  "admin.changed": { what: "reports" | "accounts" | "settings" | "invites" | "rooms" };
};

export type RealtimeEventName = keyof RealtimeEvents;

/**
 * Client events, sent browser to browser through Soketi on a conversation's presence channel and
 * never stored. Soketi stamps each with the sender's user id; the payload is checked on arrival.
 */
export type ClientEvents = {
  "client-typing": { typing: boolean };
};
