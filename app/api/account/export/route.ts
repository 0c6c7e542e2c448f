import { exportAccountData } from "@/lib/dal/account";
import { withUser } from "@/lib/http/with-user";

/** GET: the signed-in person's data as a JSON file download. */
export const GET = withUser(
  async (actor) => {
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
  },
  { renewSession: true },
);
