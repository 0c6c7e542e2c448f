import { authenticateRealtimeUser } from "@/lib/dal/realtime";
import { readFormBody } from "@/lib/http/body";
import { withUser } from "@/lib/http/with-user";

// socket_id, URL-encoded: a kilobyte is far more than any honest request.
const MAX_BODY_BYTES = 1024;

/** pusher-js's `signin` asks here (form-encoded socket_id) once per connection. */
export const POST = withUser(async (actor, request) => Response.json(authenticateRealtimeUser(actor, await readFormBody(request, MAX_BODY_BYTES))));

/**
 * Whether this browser's session still stands: a tab whose connection the server ended asks here
 * before it reconnects (a password changed in this tab) or goes to sign-in (revoked elsewhere).
 */
export const GET = withUser(async () => Response.json({ ok: true }, { headers: { "cache-control": "no-store" } }));
