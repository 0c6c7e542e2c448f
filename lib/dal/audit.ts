import "server-only";
import { getDb } from "@/db";
import { auditLog } from "@/db/schema";
import type { Actor } from "./users";

/**
 * Records an admin's (or a room moderator's) action in the audit log. Its own module so that the
 * message layer, which a moderator's delete goes through, can record without importing the admin
 * layer that imports it.
 */
export async function audit(actor: Actor, action: string, target = "", detail = ""): Promise<void> {
  const db = await getDb();
  await db.insert(auditLog).values({ actorId: actor.id, actorUsername: actor.username, action, target, detail });
}
