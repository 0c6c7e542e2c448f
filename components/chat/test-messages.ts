import type { MessageDTO, ReadState } from "@/lib/dto";

/** A stored text message for the chat's unit tests: id `id` from `sender`, created at time `id`. */
export const testMessage = (id: number, sender = "ana", extra: Partial<MessageDTO> = {}): MessageDTO => ({
  id,
  conversationId: "c",
  clientId: `k${id}`,
  kind: "text",
  body: `m${id}`,
  sender: { id: sender, username: sender },
  replyTo: null,
  forwardedFrom: null,
  createdAt: id,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  attachments: [],
  mentions: [],
  ...extra,
});

export const testReadState = (userId: string, lastReadMessageId = 0): ReadState => ({ userId, username: userId, lastReadMessageId });
