import { cancelAttachment } from "@/lib/dal/attachments";
import { withUser } from "@/lib/http/with-user";

type Context = { params: Promise<{ id: string }> };

/** DELETE: the uploader gives up on a file not yet sent; its bytes go too. */
export const DELETE = withUser(async (actor, _request, { params }: Context) => {
  const { id } = await params;
  await cancelAttachment(actor, id);
  return new Response(null, { status: 204 });
});
