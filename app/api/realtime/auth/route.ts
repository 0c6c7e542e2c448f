import { authorizeSubscription } from "@/lib/dal/realtime";
import { readFormBody } from "@/lib/http/body";
import { withUser } from "@/lib/http/with-user";

// socket_id (at most 64 characters) and channel_name (at most 200), URL-encoded: a kilobyte is far
// more than any honest request.
const MAX_BODY_BYTES = 1024;

/** pusher-js asks here (form-encoded socket_id and channel_name) before each private subscription. */
export const POST = withUser(async (actor, request) => Response.json(await authorizeSubscription(actor, await readFormBody(request, MAX_BODY_BYTES))));
