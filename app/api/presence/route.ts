import { getPresence } from "@/lib/dal/contacts";
import { markAlive } from "@/lib/dal/presence";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";

/** POST: the open app's heartbeat (every 30 s). No body. */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    await markAlive(actor.id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * GET ?userId=: a contact's presence as it is now, or null for anyone else. The open app reads it
 * each time its own channel is subscribed: a change announced before then reached no one.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    return Response.json({ presence: await getPresence(actor, new URL(request.url).searchParams.get("userId")) });
  } catch (error) {
    return errorResponse(error);
  }
}
