import { setHidePreviews } from "@/lib/dal/push";
import { readJsonBody } from "@/lib/http/body";
import { withUser } from "@/lib/http/with-user";

/** PUT { hidePreviews }: pushes say who wrote but never what (every device of this person). */
export const PUT = withUser(async (actor, request) => {
  const hidePreviews = await setHidePreviews(actor, await readJsonBody(request, 1024));
  return Response.json({ hidePreviews });
});
