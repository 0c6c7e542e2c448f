import { createAttachment } from "@/lib/dal/attachments";
import { readJsonBody } from "@/lib/http/body";
import { withUser } from "@/lib/http/with-user";

type Context = { params: Promise<{ id: string }> };

/**
 * POST { clientId, name, size }: starts an upload for the message with that clientId. 201 with the
 * file's id and the one signed PUT that carries its bytes (to the bucket, or to /api/files); then
 * POST /api/attachments/{id}/complete.
 */
export const POST = withUser(async (actor, request, { params }: Context) => {
  const { id } = await params;
  const result = await createAttachment(actor, id, await readJsonBody(request, 2048));
  return Response.json(result, { status: 201 });
});
