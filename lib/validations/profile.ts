import { z } from "zod";
import { MAX_BIO_LENGTH, MAX_NAME_LENGTH } from "@/lib/profile-rules";
import { passwordSchema, usernameSchema } from "./auth";
import { storableText } from "./text";

// One line of text: no control characters (newlines, tabs, escapes) in names.
const singleLine = /^[^\p{Cc}]*$/u;

function nameSchema(label: string) {
  return storableText(
    z
      .string({ error: `Enter a ${label}.` })
      .trim()
      .max(MAX_NAME_LENGTH, `${label[0]!.toUpperCase()}${label.slice(1)} can be at most ${MAX_NAME_LENGTH} characters.`)
      .regex(singleLine, `Keep the ${label} on one line.`),
  );
}

export const profileSchema = z.object({
  firstName: nameSchema("first name"),
  lastName: nameSchema("last name"),
  bio: storableText(
    z
      .string({ error: "Enter a bio." })
      .trim()
      .refine((s) => [...s].length <= MAX_BIO_LENGTH, `A bio can be at most ${MAX_BIO_LENGTH} characters.`),
  ),
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const changeUsernameSchema = z.object({ username: usernameSchema });

// The current password is only compared, never stored: any length a person could have set is allowed.
const currentPasswordSchema = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(128, "That password is not correct.");

export const changePasswordSchema = z
  .object({ currentPassword: currentPasswordSchema, newPassword: passwordSchema })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: "Choose a password different from the current one.",
    path: ["newPassword"],
  });

export const deleteAccountSchema = z.object({
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(128, "That password is not correct."),
});

/** Search text for finding people, and the username to continue after (keyset pagination). */
export const peopleQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(64, "Search for at most 64 characters.")
    .optional()
    .transform((q) => (q ? q : undefined)),
  after: z
    .string()
    .trim()
    .toLowerCase()
    .max(32)
    .regex(/^[a-z0-9_.]*$/)
    .optional()
    .transform((a) => (a ? a : undefined)),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;
