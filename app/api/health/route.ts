import { checkHealth, healthResponse } from "@/lib/health";

// Every request checks anew; never prerendered at build time, never cached.
export const dynamic = "force-dynamic";

/** 200 when the database and the realtime server are reachable, 503 naming the one that is not. */
export async function GET(): Promise<Response> {
  return healthResponse(await checkHealth());
}
