import { authorizeSubscriptions } from "@/lib/dal/realtime";
import { readJsonBody } from "@/lib/http/body";
import { withUser } from "@/lib/http/with-user";

// Twenty channel names of at most 200 characters and a socket id, as JSON.
const MAX_BODY_BYTES = 5 * 1024;

/**
 * POST { socketId, channels } : signs each channel the caller may subscribe to, in the order asked,
 * and gives `{ error }` for each other. The browser's pusher-js asks here once for all the
 * subscriptions of a turn (lib/realtime/auth-batcher.ts) instead of once per channel.
 */
export const POST = withUser(async (actor, request) =>
  Response.json({ channels: await authorizeSubscriptions(actor, await readJsonBody(request, MAX_BODY_BYTES)) }),
);
