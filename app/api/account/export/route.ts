import { exportAccountData } from "@/lib/dal/account";
import { requireUser } from "@/lib/dal/session";
import { errorResponse } from "@/lib/errors";

/** GET: the signed-in person's data as a JSON file download. */
export async function GET(): Promise<Response> {
  try {
    const actor = await requireUser();
    const data = await exportAccountData(actor);
    const day = data.exportedAt.slice(0, 10);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="messenger-${actor.username}-${day}.json"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
