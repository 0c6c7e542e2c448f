import { completeAttachment } from "@/lib/dal/attachments";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/** POST: the bytes are uploaded; the server sniffs them (and re-encodes an image). 200 with the file. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    const { id } = await params;
    return Response.json({ attachment: await completeAttachment(actor, id) });
  } catch (error) {
    return errorResponse(error);
  }
}
