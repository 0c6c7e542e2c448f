import { getPresence } from "@/lib/dal/contacts";
import { markAlive } from "@/lib/dal/presence";
import { withUser } from "@/lib/http/with-user";

/** POST: the open app's heartbeat (every 30 s). No body. */
export const POST = withUser(async (actor) => {
  await markAlive(actor.id);
  return new Response(null, { status: 204 });
});

/**
 * GET ?userId=: a contact's presence as it is now, or null for anyone else. The open app reads it
 * each time its own channel is subscribed: a change announced before then reached no one.
 */
export const GET = withUser(async (actor, request) => Response.json({ presence: await getPresence(actor, new URL(request.url).searchParams.get("userId")) }));
