import "server-only";
import { requireRequestUser, requireUser } from "@/lib/dal/session";
import type { Actor } from "@/lib/dal/users";
import { shedWhenBusy } from "@/lib/http/load-shedding";
import { withErrors, type RouteHandler } from "@/lib/http/with-errors";

type UserOptions = {
  /** Refuse with a 429 before any work, the session check included, while the process is queued up. */
  shedWhenBusy?: boolean;
  /**
   * Read the session through Auth.js, which also re-issues its cookie (the rolling renewal pages
   * and actions get). Off, the cookie is read with a key derived once per process and nothing is
   * re-sent: what the routes every open tab calls need (lib/session-token.ts).
   */
  renewSession?: boolean;
};

/** A route for the signed-in: a 401 when there is no session, the handler with the checked user otherwise. */
export function withUser<Context = unknown>(
  handler: (actor: Actor, request: Request, context: Context) => Promise<Response>,
  options: UserOptions = {},
): RouteHandler<Context> {
  return withErrors(async (request, context) => {
    if (options.shedWhenBusy) shedWhenBusy();
    const actor = options.renewSession ? await requireUser() : await requireRequestUser(request);
    return handler(actor, request, context);
  });
}
