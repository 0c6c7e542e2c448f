import { deletePushSubscription, savePushSubscription } from "@/lib/dal/push";
import { resolveSession } from "@/lib/dal/users";
import { requireRequestUser, requireSessionClaims } from "@/lib/dal/session";
import { AppError, errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";

// An endpoint (at most 2 KB) and two short keys.
const MAX_BYTES = 4 * 1024;

/** POST { subscription, replaces? }: this browser gets pushes for the person signed in here (settings' switch). */
export async function POST(request: Request): Promise<Response> {
  try {
    const { userId, sessionVersion } = await requireSessionClaims(request);
    const actor = await resolveSession(userId, sessionVersion);
    if (!actor) throw new AppError("unauthorized:session");
    await savePushSubscription({ ...actor, sessionVersion }, await readJsonBody(request, MAX_BYTES));
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** DELETE { endpoint }: this browser gets no more pushes. */
export async function DELETE(request: Request): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    await deletePushSubscription(actor, await readJsonBody(request, MAX_BYTES));
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
