import { z } from "zod";
import { characterCount, MAX_FORWARD_TARGETS, MAX_MESSAGE_LENGTH, PAGE_SIZE } from "@/lib/message-rules";
import { conversationIdSchema, messageIdSchema, wholeNumberSchema } from "./ids";
import { attachmentIdSchema, MAX_ATTACHMENTS_FIELD } from "./attachment";
import { isEmoji } from "./emoji";
import { storableText } from "./text";

export { characterCount, MAX_FORWARD_TARGETS, MAX_MESSAGE_LENGTH, PAGE_SIZE, REACTIONS, type ReactionEmoji } from "@/lib/message-rules";

export const messageBodySchema = storableText(
  z
    .string({ error: "Write a message." })
    .refine((s) => s.trim().length > 0, "Write a message.")
    .refine((s) => characterCount(s) <= MAX_MESSAGE_LENGTH, `Messages can be at most ${MAX_MESSAGE_LENGTH} characters.`),
);

/** A message's text, or a caption that may be left empty when files carry the message. */
const captionSchema = storableText(
  z.string({ error: "Write a message." }).refine((s) => characterCount(s) <= MAX_MESSAGE_LENGTH, `Messages can be at most ${MAX_MESSAGE_LENGTH} characters.`),
);

export const sendMessageSchema = z
  .object({
    conversationId: conversationIdSchema,
    clientId: z.uuid({ error: "clientId must be a UUID." }),
    body: captionSchema.default(""),
    replyTo: messageIdSchema.optional(),
    // Uploaded (and completed) files, in the order they are shown.
    attachments: z
      .array(attachmentIdSchema, { error: "attachments must be a list of file ids." })
      .max(MAX_ATTACHMENTS_FIELD, `A message can carry at most ${MAX_ATTACHMENTS_FIELD} files.`)
      .refine((ids) => new Set(ids).size === ids.length, "The same file is listed twice.")
      .default([]),
  })
  .refine((m) => m.body.trim().length > 0 || m.attachments.length > 0, { path: ["body"], message: "Write a message." });
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const editMessageSchema = z.object({ messageId: messageIdSchema, body: messageBodySchema });
export const messageRefSchema = z.object({ messageId: messageIdSchema });
export const pinSchema = z.object({ messageId: messageIdSchema, pinned: z.boolean({ error: "Say whether to pin or unpin." }) });
export const forwardMessageSchema = z.object({
  messageId: messageIdSchema,
  // One id made by the browser for the whole forward; each chat's copy derives its own from it.
  clientId: z.uuid({ error: "clientId must be a UUID." }),
  conversationIds: z
    .array(conversationIdSchema, { error: "Choose the chats to forward to." })
    .min(1, "Choose at least one chat to forward to.")
    .max(MAX_FORWARD_TARGETS, `You can forward to at most ${MAX_FORWARD_TARGETS} chats at once.`)
    .refine((ids) => new Set(ids).size === ids.length, "The same chat is listed twice."),
});
export type ForwardMessageInput = z.infer<typeof forwardMessageSchema>;
export const reactionSchema = z.object({
  messageId: messageIdSchema,
  // Any single emoji of the picker's set: six quick ones, and every other one from the picker.
  emoji: z.string({ error: "Choose an emoji to react with." }).refine(isEmoji, "Reactions can only be a single emoji."),
});

const cursor = wholeNumberSchema(0);

export const messagePageSchema = z
  .object({
    before: messageIdSchema.optional(),
    after: cursor.optional(),
    /** A page centred on this message (opening a search result). */
    around: messageIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
  })
  .refine((q) => [q.before, q.after, q.around].filter((v) => v !== undefined).length <= 1, "Use one of before, after or around.");
export type MessagePageQuery = z.infer<typeof messagePageSchema>;

export const searchQuerySchema = z.object({
  q: z.string({ error: "Type something to search for." }).trim().min(1, "Type something to search for.").max(200, "Search for at most 200 characters."),
  before: messageIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** Only this conversation's messages (search in a chat). */
  conversationId: conversationIdSchema.optional(),
});

export { conversationIdSchema };
