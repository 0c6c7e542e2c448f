import { z } from "zod";
import { storableText } from "./text";

export const usernameSchema = z
  .string({ error: "Enter a username." })
  .trim()
  .toLowerCase()
  .min(3, "Username must be at least 3 characters.")
  .max(32, "Username must be at most 32 characters.")
  .regex(/^[a-z0-9_.]+$/, "Use only letters a-z, digits, _ and . in a username.");

// Hashed as UTF-8: two different unpaired surrogates would hash alike, so a new password may not hold one.
export const passwordSchema = storableText(
  z.string({ error: "Enter a password." }).min(8, "Password must be at least 8 characters.").max(128, "Password must be at most 128 characters."),
);

export const signUpSchema = z.object({ username: usernameSchema, password: passwordSchema });
export type SignUpInput = z.infer<typeof signUpSchema>;

/** Sign-in checks shape only: any failure becomes the one generic "wrong username or password". */
export const signInSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(128),
});
export type SignInInput = z.infer<typeof signInSchema>;
