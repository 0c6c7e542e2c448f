import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses input at a boundary; failure is an AppError with per-field messages, never a throw of zod's own. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0]?.message ?? "That input is not valid.";
  throw new AppError("bad_request:input", { message: first, fieldErrors });
}
