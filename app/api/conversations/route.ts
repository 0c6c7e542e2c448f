import { listConversationPage } from "@/lib/dal/conversations";
import { withUser } from "@/lib/http/with-user";

/**
 * GET ?before=&limit=&q= : a page of the caller's chat list, newest activity first, with the
 * cursor of the next page and the unread total. A route rather than a server action: it is what
 * every open tab asks after a reconnect, and a route reads the session cookie without Auth.js.
 */
export const GET = withUser(
  async (actor, request) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await listConversationPage(actor, query));
  },
  { shedWhenBusy: true },
);
