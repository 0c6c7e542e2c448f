import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { mutedAt } from "@/lib/mute-rules";

// Members' mutes, for what alerts them (lib/push/notify.ts): these take no acting user and read
// other people's settings, which no page may show.

/**
 * Whether this member has the chat muted right now: what anything that alerts a person (a push, a
 * sound) asks before it does. False for someone who is not a member.
 */
export async function isMuted(userId: string, conversationId: string, now = Date.now()): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.all<{ muted_until: number | null }>(sql`
    SELECT muted_until FROM conversation_member WHERE conversation_id = ${conversationId} AND user_id = ${userId}`);
  return mutedAt(row?.muted_until, now);
}

/** Of these members of a chat, those who have it muted right now (one query for a whole group). */
export async function mutedMembers(conversationId: string, userIds: string[], now = Date.now()): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const db = await getDb();
  const rows = await db.all<{ user_id: string }>(sql`
    SELECT user_id FROM conversation_member
    WHERE conversation_id = ${conversationId} AND muted_until > ${now}
      AND user_id IN (${sql.join(
        userIds.map((u) => sql`${u}`),
        sql`, `,
      )})`);
  return new Set(rows.map((r) => r.user_id));
}
