import { z } from "zod";

/**
 * Text the database keeps exactly as sent. SQLite's drivers end a string at a NUL character and
 * replace an unpaired UTF-16 surrogate with U+FFFD, so either would be stored as something else
 * than what the person sent: refused instead, with a message that says why.
 */
export function storableText<S extends z.ZodType<string>>(schema: S) {
  return schema
    .refine((s) => !s.includes("\u0000"), "Remove the null character (U+0000) from this text.")
    .refine((s) => s.isWellFormed(), "This text contains a broken character (an unpaired UTF-16 surrogate).");
}
