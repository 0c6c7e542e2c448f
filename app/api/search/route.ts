import { searchMessages } from "@/lib/dal/search";
import { withUser } from "@/lib/http/with-user";

/** GET ?q=&before=&limit= : full-text search over the caller's conversations, newest first. */
export const GET = withUser(async (actor, request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return Response.json({ results: await searchMessages(actor, query) });
});
