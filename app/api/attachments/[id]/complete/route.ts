import { completeAttachment } from "@/lib/dal/attachments";
import { withUser } from "@/lib/http/with-user";

type Context = { params: Promise<{ id: string }> };

/** POST: the bytes are uploaded; the server sniffs them (and re-encodes an image). 200 with the file. */
export const POST = withUser(async (actor, _request, { params }: Context) => {
  const { id } = await params;
  return Response.json({ attachment: await completeAttachment(actor, id) });
});
