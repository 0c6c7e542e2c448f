import { setGroupAvatar } from "@/lib/dal/groups";
import { requireUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";
import { readAvatarUpload } from "@/lib/http/avatar-upload";

/** POST the image file itself as the body: the group's new picture (admins only). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const actor = await requireUser();
    const { id } = await params;
    const avatarId = await setGroupAvatar(actor, id, await readAvatarUpload(request));
    return Response.json({ avatarId });
  } catch (error) {
    return errorResponse(error);
  }
}
