import { markAlive } from "@/lib/dal/presence";
import { requireUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";

/** POST: the open app's heartbeat (every 30 s). No body. */
export async function POST(): Promise<Response> {
  try {
    const actor = await requireUser();
    await markAlive(actor.id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
