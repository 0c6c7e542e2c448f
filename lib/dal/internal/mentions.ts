import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { displayName } from "@/lib/display-name";
import type { MentionDTO } from "@/lib/dto";

type MentionRow = { message_id: number; user_id: string; username: string | null; first_name: string | null; last_name: string | null };

export function toMention(r: { user_id: string; username: string | null; first_name: string | null; last_name: string | null }): MentionDTO {
  return {
    id: r.user_id,
    username: r.username,
    name: r.username === null ? null : displayName({ username: r.username, firstName: r.first_name ?? "", lastName: r.last_name ?? "" }),
  };
}

/**
 * The mentions of these messages, by message id, each person named as they are now (a deleted
 * account with null names). One query for all of them. Callers have checked that the actor may
 * read these messages.
 */
export async function mentionsFor(messageIds: number[]): Promise<Map<number, MentionDTO[]>> {
  const byMessage = new Map<number, MentionDTO[]>();
  const ids = [...new Set(messageIds)];
  if (ids.length === 0) return byMessage;
  const db = await getDb();
  const rows = await db.all<MentionRow>(sql`
    SELECT mm.message_id, mm.user_id, u.username, u.first_name, u.last_name
    FROM message_mention mm LEFT JOIN user u ON u.id = mm.user_id
    WHERE mm.message_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  for (const r of rows) {
    const list = byMessage.get(r.message_id) ?? [];
    list.push(toMention(r));
    byMessage.set(r.message_id, list);
  }
  return byMessage;
}
