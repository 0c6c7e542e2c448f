import { z } from "zod";

export const userIdSchema = z.uuid({ error: "Unknown user." });
export const conversationIdSchema = z.uuid({ error: "Unknown conversation." });

/**
 * A whole number as JSON or an action argument carries it, or as a query string spells it (digits
 * only). Not z.coerce: that would read `[7]`, `true` or `"1e3"` as numbers too.
 */
export function wholeNumberSchema(min: number) {
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^\d{1,16}$/)
          .transform(Number),
      ],
      { error: "Expected a whole number." },
    )
    .pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER));
}

export const messageIdSchema = wholeNumberSchema(1);
