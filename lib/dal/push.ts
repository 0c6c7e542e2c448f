import "server-only";
import { and, eq, notInArray, desc } from "drizzle-orm";
import { getDb } from "@/db";
import { pushSubscription, user } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validations/parse";
import { hidePreviewsSchema, pushEndpointSchema, pushSubscriptionSchema } from "@/lib/validations/push";
import type { Actor } from "./users";

/** Devices a person may have subscribed at once; subscribing one more drops the oldest. */
export const MAX_SUBSCRIPTIONS_PER_USER = 20;

/**
 * Subscribes this browser (settings' switch) for the person signed in, as of this sign-in: a
 * later "sign out everywhere" or password change stops it. An endpoint subscribed before by anyone
 * moves to this person: it is one browser, and its notifications belong to whoever signed in last.
 */
export async function savePushSubscription(actor: Actor & { sessionVersion: number }, input: unknown): Promise<void> {
  const { subscription, replaces } = parseInput(pushSubscriptionSchema, input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (replaces && replaces !== subscription.endpoint) {
      await tx.delete(pushSubscription).where(and(eq(pushSubscription.endpoint, replaces), eq(pushSubscription.userId, actor.id)));
    }
    const values = {
      userId: actor.id,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      sessionVersion: actor.sessionVersion,
    };
    await tx.insert(pushSubscription).values(values).onConflictDoUpdate({ target: pushSubscription.endpoint, set: values });
    const newest = tx
      .select({ id: pushSubscription.id })
      .from(pushSubscription)
      .where(eq(pushSubscription.userId, actor.id))
      .orderBy(desc(pushSubscription.id))
      .limit(MAX_SUBSCRIPTIONS_PER_USER);
    await tx.delete(pushSubscription).where(and(eq(pushSubscription.userId, actor.id), notInArray(pushSubscription.id, newest)));
  });
}

/** Unsubscribes one of the person's own devices; someone else's endpoint is left alone. */
export async function deletePushSubscription(actor: Actor, input: unknown): Promise<void> {
  const { endpoint } = parseInput(pushEndpointSchema, input);
  const db = await getDb();
  await db.delete(pushSubscription).where(and(eq(pushSubscription.endpoint, endpoint), eq(pushSubscription.userId, actor.id)));
}

export async function getHidePreviews(actor: Actor): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ hidePreviews: user.hidePreviews }).from(user).where(eq(user.id, actor.id));
  if (!row) throw new AppError("unauthorized:session");
  return row.hidePreviews;
}

export async function setHidePreviews(actor: Actor, input: unknown): Promise<boolean> {
  const { hidePreviews } = parseInput(hidePreviewsSchema, input);
  const db = await getDb();
  await db.update(user).set({ hidePreviews }).where(eq(user.id, actor.id));
  return hidePreviews;
}
