import { setAvatarFromUpload } from "@/lib/dal/avatars";
import { readAvatarUpload } from "@/lib/http/avatar-upload";
import { withUser } from "@/lib/http/with-user";

/** POST the image file itself as the body: the signed-in user's new picture. */
export const POST = withUser(async (actor, request) => Response.json({ avatarId: await setAvatarFromUpload(actor, await readAvatarUpload(request)) }), {
  renewSession: true,
});
