import { setAvatarFromUpload } from "@/lib/dal/avatars";
import { requireUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";
import { readAvatarUpload } from "@/lib/http/avatar-upload";

/** POST the image file itself as the body: the signed-in user's new picture. */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await requireUser();
    const avatarId = await setAvatarFromUpload(actor, await readAvatarUpload(request));
    return Response.json({ avatarId });
  } catch (error) {
    return errorResponse(error);
  }
}
