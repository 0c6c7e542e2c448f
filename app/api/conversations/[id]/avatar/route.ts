import { setGroupAvatar } from "@/lib/dal/groups";
import { readAvatarUpload } from "@/lib/http/avatar-upload";
import { withUser } from "@/lib/http/with-user";

type Context = { params: Promise<{ id: string }> };

/** POST the image file itself as the body: the group's new picture (admins only). */
export const POST = withUser(
  async (actor, request, { params }: Context) => {
    const { id } = await params;
    const avatarId = await setGroupAvatar(actor, id, await readAvatarUpload(request));
    return Response.json({ avatarId });
  },
  { renewSession: true },
);
