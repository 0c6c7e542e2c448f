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
 * How long after a departure a heartbeat may still be one the closed tab sent before it closed,
 * handled late. A later heartbeat comes from a tab that is open although its channel_occupied
 * never arrived (a webhook lost while the app was down), and brings the user back.
 */
const LATE_HEARTBEAT_MS = 20_000;

/**
 * Soketi's channel_occupied at `at`: the first of the user's tabs connected. Coming online (from
 * offline or stale) is announced. last_seen_at and occupied_at only ever move forward.
 */
export async function markOccupied(userId: string, at = new Date()): Promise<void> {
  const db = await getDb();
  const ms = at.getTime();
  const [row] = await db.all<{ online_since: number | null }>(sql`
    UPDATE user SET
      online_since = CASE
        WHEN online_since IS NULL OR last_seen_at IS NULL OR last_seen_at < ${ms - PRESENCE_STALE_MS} THEN ${ms}
        ELSE online_since END,
      last_seen_at = max(coalesce(last_seen_at, 0), ${ms}),
      occupied_at = max(coalesce(occupied_at, 0), ${ms})
    WHERE id = ${userId}
    RETURNING online_since`);
  if (row?.online_since === ms) await announce(userId);
}

/**
 * The open app's heartbeat (every 30 s), handled at `at`. It keeps an online user fresh and brings
 * back one gone stale; after a departure it counts only once it cannot be the closed tab's own.
 */
export async function markAlive(userId: string, at = new Date()): Promise<void> {
  const db = await getDb();
  const ms = at.getTime();
  const [row] = await db.all<{ online_since: number | null }>(sql`
    UPDATE user SET
      online_since = CASE
        WHEN last_seen_at IS NULL THEN ${ms}
        WHEN online_since IS NULL THEN CASE WHEN last_seen_at < ${ms - LATE_HEARTBEAT_MS} THEN ${ms} ELSE NULL END
        WHEN last_seen_at < ${ms - PRESENCE_STALE_MS} THEN ${ms}
        ELSE online_since END,
      last_seen_at = CASE
        WHEN online_since IS NULL AND last_seen_at >= ${ms - LATE_HEARTBEAT_MS} THEN last_seen_at
        ELSE max(coalesce(last_seen_at, 0), ${ms}) END
    WHERE id = ${userId}
    RETURNING online_since`);
  if (row?.online_since === ms) await announce(userId);
}

/**
 * The user's last tab left at `at` (channel_vacated). Webhooks can arrive out of order (a reload
 * closes one socket and opens another), so a departure older than the latest channel_occupied
 * changes nothing.
 */
export async function markGone(userId: string, at = new Date()): Promise<void> {
  const db = await getDb();
  const ms = at.getTime();
  const wentOffline = await db.all<{ id: string }>(sql`
    UPDATE user SET online_since = NULL, last_seen_at = max(coalesce(last_seen_at, 0), ${ms})
    WHERE id = ${userId} AND online_since IS NOT NULL AND (occupied_at IS NULL OR occupied_at < ${ms})
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
    if (event.name === "channel_occupied") await markOccupied(channel.userId, at);
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
