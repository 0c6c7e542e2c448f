import { z } from "zod";
import { storableText } from "./text";

/** 128 random bits, base64url: nothing to guess from, nothing to enumerate. */
export const attachmentIdSchema = z.string({ error: "Unknown file." }).regex(/^[A-Za-z0-9_-]{22}$/, "Unknown file.");

/** The most files one message may carry in any configuration; ATTACHMENTS_PER_MESSAGE sets the real limit. */
export const MAX_ATTACHMENTS_FIELD = 50;

export const createAttachmentSchema = z.object({
  clientId: z.uuid({ error: "clientId must be a UUID." }),
  name: storableText(
    z
      .string({ error: "The file needs a name." })
      .trim()
      .min(1, "The file needs a name.")
      .max(255, "File names can be at most 255 characters.")
      .refine((s) => !/[\u0000-\u001f\u007f/\\]/.test(s), "File names cannot contain slashes or control characters."),
  ),
  size: z.number({ error: "The file's size must be a number of bytes." }).int().min(1, "This file is empty.").max(Number.MAX_SAFE_INTEGER),
});

export const attachmentVariantSchema = z.enum(["thumb", "full", "download"], { error: "Unknown variant." });
export type AttachmentVariant = z.infer<typeof attachmentVariantSchema>;
