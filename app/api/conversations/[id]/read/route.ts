import { markConversationRead } from "@/lib/dal/conversations";
import { readJsonBody } from "@/lib/http/body";
import { withUser } from "@/lib/http/with-user";
import { readMarkSchema } from "@/lib/validations/conversation";
import { parseInput } from "@/lib/validations/parse";

// A mark is `{"messageId":<id>}`: a kilobyte is far more than any honest one.
const MAX_BODY_BYTES = 1024;

type Context = { params: Promise<{ id: string }> };

/**
 * POST { messageId } : the reader has seen the chat through this message. 200 with the read
 * position now stored and the count of others' messages still unread after it. A route, not a
 * server action, so that the last mark can go with `fetch(…, { keepalive: true })` as a tab closes.
 */
export const POST = withUser(async (actor, request, { params }: Context) => {
  const { id } = await params;
  const { messageId } = parseInput(readMarkSchema, await readJsonBody(request, MAX_BODY_BYTES));
  return Response.json(await markConversationRead(actor, id, messageId));
});
