import { z } from "zod";

export const userIdSchema = z.uuid({ error: "Unknown user." });
export const conversationIdSchema = z.uuid({ error: "Unknown conversation." });
export const messageIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
