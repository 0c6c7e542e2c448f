import { z } from "zod";
import { conversationIdSchema, messageIdSchema } from "./ids";

export const MAX_MESSAGE_LENGTH = 4000;
export const PAGE_SIZE = 50;

export const messageBodySchema = z
  .string({ error: "Write a message." })
  .refine((s) => s.trim().length > 0, "Write a message.")
  .refine((s) => s.length <= MAX_MESSAGE_LENGTH, `Messages can be at most ${MAX_MESSAGE_LENGTH} characters.`);

export const sendMessageSchema = z.object({
  conversationId: conversationIdSchema,
  clientId: z.uuid({ error: "clientId must be a UUID." }),
  body: messageBodySchema,
  replyTo: messageIdSchema.optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const messagePageSchema = z
  .object({
    before: messageIdSchema.optional(),
    after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
  })
  .refine((q) => q.before === undefined || q.after === undefined, "Use either before or after, not both.");
export type MessagePageQuery = z.infer<typeof messagePageSchema>;
