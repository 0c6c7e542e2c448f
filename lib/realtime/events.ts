import type { MessageDTO, ReadState } from "@/lib/dto";

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
  /** On a removed (or departed) member's own channel. */
  "conversation.removed": { conversationId: string };
  /** On the user's own channel and their contacts' channels: online, or last seen. */
  "presence.changed": { userId: string; online: boolean; lastSeenAt: number | null };
  /** On each member's own channel: the conversation list should refresh (and maybe notify). */
  "conversation.activity": {
    conversationId: string;
    messageId: number;
    preview?: { senderId: string | null; senderUsername: string | null; body: string };
  };
  /** On both people's own channels: a request, contact or block between them changed. */
  "contact.changed": { userId: string };
  /** On the channels of those who show this person (contacts, chat partners): name, username or avatar changed. */
  "profile.updated": { userId: string };
};

export type RealtimeEventName = keyof RealtimeEvents;

/**
 * Client events, sent browser to browser through Soketi on a conversation's presence channel and
 * never stored. Soketi stamps each with the sender's user id; the payload is checked on arrival.
 */
export type ClientEvents = {
  "client-typing": { typing: boolean };
};
