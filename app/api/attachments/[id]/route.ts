import { cancelAttachment } from "@/lib/dal/attachments";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/** DELETE: the uploader gives up on a file not yet sent; its bytes go too. */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    const { id } = await params;
    await cancelAttachment(actor, id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
