import { searchMessages } from "@/lib/dal/search";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";

/** GET ?q=&before=&limit= : full-text search over the caller's conversations, newest first. */
export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json({ results: await searchMessages(actor, query) });
  } catch (error) {
    return errorResponse(error);
  }
}
