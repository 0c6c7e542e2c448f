import { authorizeSubscription } from "@/lib/dal/realtime";
import { requireRequestUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";

/** pusher-js asks here (form-encoded socket_id and channel_name) before each private subscription. */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await requireRequestUser(request);
    const form = await request.formData().catch(() => null);
    const input = form ? Object.fromEntries(form) : null;
    return Response.json(await authorizeSubscription(actor, input));
  } catch (error) {
    return errorResponse(error);
  }
}
