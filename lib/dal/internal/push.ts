import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { pushSubscription, user } from "@/db/schema";

// Where pushes go, for lib/push/notify.ts only: these take no acting user and read other people's
// subscriptions.

export type PushTarget = { userId: string; endpoint: string; p256dh: string; auth: string; hidePreviews: boolean };

/** The subscriptions of these people made in a sign-in still current, with each person's preview choice. */
export async function pushTargetsFor(userIds: string[]): Promise<PushTarget[]> {
  if (userIds.length === 0) return [];
  const db = await getDb();
  return db
    .select({
      userId: pushSubscription.userId,
      endpoint: pushSubscription.endpoint,
      p256dh: pushSubscription.p256dh,
      auth: pushSubscription.auth,
      hidePreviews: user.hidePreviews,
    })
    .from(pushSubscription)
    .innerJoin(user, and(eq(user.id, pushSubscription.userId), eq(user.sessionVersion, pushSubscription.sessionVersion)))
    .where(inArray(pushSubscription.userId, userIds));
}

/** The push service answered 404 or 410: the browser unsubscribed, or the subscription expired. */
export async function forgetPushEndpoint(endpoint: string): Promise<void> {
  const db = await getDb();
  await db.delete(pushSubscription).where(eq(pushSubscription.endpoint, endpoint));
}
