import { setHidePreviews } from "@/lib/dal/push";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";

/** PUT { hidePreviews }: pushes say who wrote but never what (every device of this person). */
export async function PUT(request: Request): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    const hidePreviews = await setHidePreviews(actor, await readJsonBody(request, 1024));
    return Response.json({ hidePreviews });
  } catch (error) {
    return errorResponse(error);
  }
}
