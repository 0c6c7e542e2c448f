import { after } from "next/server";
import { getMessagesPage, sendMessage } from "@/lib/dal/messages";
import { requireSessionClaims } from "@/lib/dal/session";
import { readJsonBody } from "@/lib/http/body";
import { withErrors } from "@/lib/http/with-errors";
import { withUser } from "@/lib/http/with-user";
import { pushesSettled } from "@/lib/push/notify";

// A message is at most 4,000 characters of at most four UTF-8 bytes each, and JSON.stringify escapes
// only quotes, backslashes and control characters: every message a person can send fits, with its
// clientId and replyTo, and text a little over the length limit still gets the message-length error.
// Only thousands of rare control characters (six bytes each as \u0001) would not.
const MAX_SEND_BYTES = 16 * 1024 + 512;

type Context = { params: Promise<{ id: string }> };

/** GET ?before=&after=&limit= : a page of history, ascending by id. */
export const GET = withUser(
  async (actor, request, { params }: Context) => {
    const { id } = await params;
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await getMessagesPage(actor, id, query));
  },
  { shedWhenBusy: true },
);

/** POST { clientId, body, replyTo? } : 201 with the stored message, or 200 with the original on a retry. */
export const POST = withErrors(async (request, { params }: Context) => {
  // Not withUser: the session's version is checked in the send's one read.
  const { userId, sessionVersion } = await requireSessionClaims(request);
  const { id } = await params;
  const body = await readJsonBody(request, MAX_SEND_BYTES);
  const input = typeof body === "object" && body !== null ? { ...body, conversationId: id } : body;
  const result = await sendMessage({ id: userId, sessionVersion }, input);
  // The answer does not wait for the pushes; a serverless function (Vercel) stays up until they are out.
  after(pushesSettled);
  return Response.json(result, { status: result.created ? 201 : 200 });
});
