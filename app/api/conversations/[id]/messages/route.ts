import { getMessagesPage, sendMessage } from "@/lib/dal/messages";
import { requireRequestUser, requireSessionClaims } from "@/lib/dal/session";
import { AppError, errorResponse } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/** GET ?before=&after=&limit= : a page of history, ascending by id. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    const { id } = await params;
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await getMessagesPage(actor, id, query));
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST { clientId, body, replyTo? } : 201 with the stored message, or 200 with the original on a retry. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    // The session's version is checked in the send's one read.
    const { userId, sessionVersion } = await requireSessionClaims(request);
    const { id } = await params;
    // JSON only: a cross-site form cannot send it, which closes the CSRF door for this cookie-authenticated API.
    if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
      throw new AppError("bad_request:input", { message: "Send JSON (Content-Type: application/json)." });
    }
    const body: unknown = await request.json().catch(() => {
      throw new AppError("bad_request:input", { message: "The body is not valid JSON." });
    });
    const input = typeof body === "object" && body !== null ? { ...body, conversationId: id } : body;
    const result = await sendMessage({ id: userId, sessionVersion }, input);
    return Response.json(result, { status: result.created ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}
