import "server-only";
import { and, eq, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { contact, user, webhookReceipt } from "@/db/schema";
import { parseChannel, userChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/server";
import type { Presence } from "@/lib/dto";

/** Without a heartbeat for this long a client is gone (a closed laptop, a lost network). */
export const PRESENCE_STALE_MS = 75_000;
const REPLAY_WINDOW_MS = 5 * 60_000;

export type { Presence };

export function presenceFrom(row: { onlineSince: Date | null; lastSeenAt: Date | null }, now = Date.now()): Presence {
  const lastSeenAt = row.lastSeenAt?.getTime() ?? null;
  return { online: row.onlineSince !== null && lastSeenAt !== null && now - lastSeenAt < PRESENCE_STALE_MS, lastSeenAt };
}

async function contactIdsOf(userId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ requester: contact.requesterId, addressee: contact.addresseeId })
    .from(contact)
    .where(and(eq(contact.status, "accepted"), or(eq(contact.requesterId, userId), eq(contact.addresseeId, userId))));
  return rows.map((r) => (r.requester === userId ? r.addressee : r.requester));
}

/** Tells the user's contacts (and the user's other tabs) what changed; nobody else learns it. */
async function announce(userId: string): Promise<void> {
  const db = await getDb();
  const row = await db.query.user.findFirst({ where: eq(user.id, userId), columns: { onlineSince: true, lastSeenAt: true } });
  if (!row) return;
  const audience = [userId, ...(await contactIdsOf(userId))];
  await publish(audience.map(userChannel), "presence.changed", { userId, ...presenceFrom(row) });
}

/**
 * A sign of life at `at`: the open app's heartbeat (every 30 s) or Soketi's channel_occupied.
 * Coming online (from offline or stale) is announced. last_seen_at only ever moves forward, which
 * is what lets a late channel_vacated be recognised as older news and ignored.
 */
export async function markAlive(userId: string, at = new Date()): Promise<void> {
  const db = await getDb();
  const ms = at.getTime();
  const [row] = await db.all<{ online_since: number | null }>(sql`
    UPDATE user SET
      online_since = CASE
        WHEN online_since IS NULL OR last_seen_at IS NULL OR last_seen_at < ${ms - PRESENCE_STALE_MS} THEN ${ms}
        ELSE online_since END,
      last_seen_at = max(coalesce(last_seen_at, 0), ${ms})
    WHERE id = ${userId}
    RETURNING online_since`);
  if (row?.online_since === ms) await announce(userId);
}

/**
 * The user's last tab left at `at` (channel_vacated). Webhooks can arrive out of order (a reload
 * closes one socket and opens another), so a departure older than the latest sign of life changes
 * nothing.
 */
export async function markGone(userId: string, at = new Date()): Promise<void> {
  const db = await getDb();
  const ms = at.getTime();
  const wentOffline = await db.all<{ id: string }>(sql`
    UPDATE user SET online_since = NULL, last_seen_at = ${ms}
    WHERE id = ${userId} AND online_since IS NOT NULL AND (last_seen_at IS NULL OR last_seen_at < ${ms})
    RETURNING id`);
  if (wentOffline.length > 0) await announce(userId);
}

export type WebhookEvent = { name: string; channel?: string };

/**
 * Soketi's channel_occupied / channel_vacated on a user's own channel: the first of their tabs
 * connected, or the last one left. Other events and channels are ignored.
 */
export async function applyPresenceWebhook(events: WebhookEvent[], sentAtMs: number): Promise<void> {
  const at = new Date(sentAtMs);
  for (const event of events) {
    const channel = event.channel ? parseChannel(event.channel) : null;
    if (channel?.kind !== "user") continue;
    if (event.name === "channel_occupied") await markAlive(channel.userId, at);
    else if (event.name === "channel_vacated") await markGone(channel.userId, at);
  }
}

/**
 * Records a webhook body as processed. False when it was seen before (a replay) or is too old to
 * tell: either way it must change nothing.
 */
export async function acceptWebhookOnce(digest: string, sentAtMs: number, now = Date.now()): Promise<boolean> {
  if (Math.abs(now - sentAtMs) > REPLAY_WINDOW_MS) return false;
  const db = await getDb();
  await db.delete(webhookReceipt).where(lt(webhookReceipt.receivedAt, now - 2 * REPLAY_WINDOW_MS));
  const inserted = await db.insert(webhookReceipt).values({ digest, receivedAt: now }).onConflictDoNothing().returning();
  return inserted.length > 0;
}
