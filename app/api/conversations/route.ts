import { listConversationPage } from "@/lib/dal/conversations";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";
import { shedWhenBusy } from "@/lib/http/load-shedding";

/**
 * GET ?before=&limit=&q= : a page of the caller's chat list, newest activity first, with the
 * cursor of the next page and the unread total. A route rather than a server action: it is what
 * every open tab asks after a reconnect, and a route reads the session cookie without Auth.js.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    shedWhenBusy();
    const actor = await requireRequestUser(request);
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await listConversationPage(actor, query));
  } catch (error) {
    return errorResponse(error);
  }
}
