import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { user } from "@/db/schema";
import type { UserSummary } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { summaryColumns } from "../users";

// People by id, for the DAL's own use: these take no acting user, so they check nobody's access.

export async function requireUserById(id: string): Promise<UserSummary> {
  const db = await getDb();
  const found = await db.select(summaryColumns).from(user).where(eq(user.id, id)).get();
  if (!found) throw new AppError("not_found:user");
  return found;
}

/**
 * Everyone whose screen may show this person: contacts and requests either way, and the members of
 * their direct and group chats (public rooms list no faces). Those are the channels told when the
 * person's name or picture changes.
 */
export async function listProfileAudience(userId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db.all<{ id: string }>(sql`
    SELECT other.user_id AS id FROM conversation_member mine
      JOIN conversation c ON c.id = mine.conversation_id AND c.kind <> 'public'
      JOIN conversation_member other ON other.conversation_id = c.id
      WHERE mine.user_id = ${userId}
    UNION SELECT addressee_id FROM contact WHERE requester_id = ${userId}
    UNION SELECT requester_id FROM contact WHERE addressee_id = ${userId}
    UNION SELECT ${userId}`);
  return rows.map((r) => r.id);
}
