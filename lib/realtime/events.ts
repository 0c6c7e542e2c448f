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
  /** On each member's own channel: the conversation list should refresh (and maybe notify). */
  "conversation.activity": {
    conversationId: string;
    messageId: number;
    preview?: { senderId: string | null; senderUsername: string | null; body: string };
  };
};

export type RealtimeEventName = keyof RealtimeEvents;
