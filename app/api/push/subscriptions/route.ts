import { deletePushSubscription, savePushSubscription } from "@/lib/dal/push";
import { resolveSession } from "@/lib/dal/users";
import { requireSessionClaims } from "@/lib/dal/session";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";
import { withErrors } from "@/lib/http/with-errors";
import { withUser } from "@/lib/http/with-user";

// An endpoint (at most 2 KB) and two short keys.
const MAX_BYTES = 4 * 1024;

/**
 * POST { subscription, replaces? }: this browser gets pushes for the person signed in here (settings' switch).
 * Not withUser: the subscription is stored with the session's version, so it needs the claims too.
 */
export const POST = withErrors(async (request) => {
  const { userId, sessionVersion } = await requireSessionClaims(request);
  const actor = await resolveSession(userId, sessionVersion);
  if (!actor) throw new AppError("unauthorized:session");
  await savePushSubscription({ ...actor, sessionVersion }, await readJsonBody(request, MAX_BYTES));
  return new Response(null, { status: 204 });
});

/** DELETE { endpoint }: this browser gets no more pushes. */
export const DELETE = withUser(async (actor, request) => {
  await deletePushSubscription(actor, await readJsonBody(request, MAX_BYTES));
  return new Response(null, { status: 204 });
});
