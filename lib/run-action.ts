import "server-only";
import { redirect } from "next/navigation";
import type { ActionFailure, ActionResult } from "@/lib/action-result";
import { requireUser } from "@/lib/dal/session";
import type { Actor } from "@/lib/dal/users";
import { AppError } from "@/lib/errors";

/**
 * Turns an AppError into the failure an action answers. Anything else is re-thrown: a redirect or
 * notFound() has to reach Next.js, and an unexpected error must not leak its details to the page.
 * (Input is parsed by parseInput, which throws AppErrors, so no ZodError gets this far.)
 */
export function actionFailure(error: unknown, values?: Record<string, string>): ActionFailure {
  if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors, values };
  throw error;
}

/**
 * The frame of every signed-in server action: the session's user (a "Please sign in." failure when
 * there is none), the change, and its result or refusal. `values` are what a refused form shows
 * again. Redirects go after it, so that they happen only when the change was made.
 */
export async function runAction<T extends object>(
  change: (actor: Actor) => Promise<T>,
  options: { values?: Record<string, string> } = {},
): Promise<ActionResult<T>> {
  try {
    const actor = await requireUser();
    return { ok: true, ...(await change(actor)) };
  } catch (error) {
    return actionFailure(error, options.values);
  }
}

/**
 * An action whose change yields a conversation (open a chat, create a group, join a room) goes
 * there; a refusal stays on the form. The redirect is outside runAction, so it follows only a change.
 */
export async function runActionThenOpen(open: (actor: Actor) => Promise<string>, options: { values?: Record<string, string> } = {}): Promise<ActionResult> {
  const result = await runAction(async (actor) => ({ id: await open(actor) }), options);
  if (!result.ok) return result;
  redirect(`/c/${result.id}`);
}
