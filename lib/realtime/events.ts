import type { MessageDTO } from "@/lib/dto";

/** Every realtime event: its name and the payload it carries. */
export type RealtimeEvents = {
  /** On a conversation's channel. `partial` when the message was too large to carry: fetch it. */
  "message.created": MessageDTO | { partial: true; id: number; conversationId: string };
  /** On each member's own channel: the conversation list should refresh. */
  "conversation.activity": { conversationId: string; messageId: number };
  /** On both people's own channels: a request, contact or block between them changed. */
  "contact.changed": { userId: string };
  /** On the channels of those who show this person (contacts, chat partners): name, username or avatar changed. */
  "profile.updated": { userId: string };
};

export type RealtimeEventName = keyof RealtimeEvents;
