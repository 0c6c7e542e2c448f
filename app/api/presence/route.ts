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
