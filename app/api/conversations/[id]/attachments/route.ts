import { createAttachment } from "@/lib/dal/attachments";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";

type Context = { params: Promise<{ id: string }> };

/**
 * POST { clientId, name, size }: starts an upload for the message with that clientId. 201 with the
 * file's id and the one signed PUT that carries its bytes (to the bucket, or to /api/files); then
 * POST /api/attachments/{id}/complete.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    const { id } = await params;
    const result = await createAttachment(actor, id, await readJsonBody(request, 2048));
    return Response.json(result, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
