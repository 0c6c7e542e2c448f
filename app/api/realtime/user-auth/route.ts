import { authenticateRealtimeUser } from "@/lib/dal/realtime";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";
import { readFormBody } from "@/lib/http/body";

// socket_id, URL-encoded: a kilobyte is far more than any honest request.
const MAX_BODY_BYTES = 1024;

/** pusher-js's `signin` asks here (form-encoded socket_id) once per connection. */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    return Response.json(authenticateRealtimeUser(actor, await readFormBody(request, MAX_BODY_BYTES)));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Whether this browser's session still stands: a tab whose connection the server ended asks here
 * before it reconnects (a password changed in this tab) or goes to sign-in (revoked elsewhere).
 */
export async function GET(request: Request): Promise<Response> {
  try {
    await requireRequestUser(request);
    return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
