import "server-only";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { getDb } from "@/db";
import { block, contact, user } from "@/db/schema";
import type { UserSummary } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { userChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/server";
import { userIdSchema } from "@/lib/validations/ids";
import { parseInput } from "@/lib/validations/parse";
import { requireUserById, summaryColumns, type Actor } from "./users";

export const YOU_BLOCKED = "You blocked this person. Unblock them to message them.";

/**
 * Blocks a person: they can no longer message the actor, open a chat with them, add them to a group
 * or send them a request, and any contact or request between the two ends. Blocking twice is a no-op.
 */
export async function blockUser(actor: Actor, userId: unknown): Promise<void> {
  const otherId = parseInput(userIdSchema, userId);
  if (otherId === actor.id) throw new AppError("bad_request:self", { message: "You cannot block yourself." });
  await requireUserById(otherId);
  const db = await getDb();
  await db.batch([
    db.insert(block).values({ blockerId: actor.id, blockedId: otherId }).onConflictDoNothing(),
    db.delete(contact).where(pairOf(actor.id, otherId)),
  ]);
  await announceRelationshipChange(actor.id, otherId);
}

/** Lifts a block; a hidden direct chat shows again. Contacts that the block ended stay ended. */
export async function unblockUser(actor: Actor, userId: unknown): Promise<void> {
  const otherId = parseInput(userIdSchema, userId);
  const db = await getDb();
  await db.delete(block).where(and(eq(block.blockerId, actor.id), eq(block.blockedId, otherId)));
  await announceRelationshipChange(actor.id, otherId);
}

export async function listBlockedUsers(actor: Actor): Promise<UserSummary[]> {
  const db = await getDb();
  return db
    .select(summaryColumns)
    .from(block)
    .innerJoin(user, eq(user.id, block.blockedId))
    .where(eq(block.blockerId, actor.id))
    .orderBy(asc(user.username));
}

export async function hasBlocked(blockerId: string, blockedId: string): Promise<boolean> {
  const db = await getDb();
  const row = await db.query.block.findFirst({
    where: and(eq(block.blockerId, blockerId), eq(block.blockedId, blockedId)),
    columns: { blockerId: true },
  });
  return row !== undefined;
}

/** For adding people to a group: refuses when the actor and any of them blocked one another. */
export async function assertNoBlockWithAny(actor: Actor, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const db = await getDb();
  const found = await db.query.block.findFirst({
    where: or(
      and(eq(block.blockerId, actor.id), inArray(block.blockedId, userIds)),
      and(inArray(block.blockerId, userIds), eq(block.blockedId, actor.id)),
    ),
    columns: { blockerId: true },
  });
  if (found) throw new AppError("forbidden:blocked", { message: "You cannot add this person to a group." });
}

export function pairOf(a: string, b: string) {
  return or(
    and(eq(contact.requesterId, a), eq(contact.addresseeId, b)),
    and(eq(contact.requesterId, b), eq(contact.addresseeId, a)),
  );
}

/** Both sides' contact pages, badges and conversation lists follow a change between the two. */
export async function announceRelationshipChange(a: string, b: string): Promise<void> {
  await Promise.all([
    publish([userChannel(a)], "contact.changed", { userId: b }),
    publish([userChannel(b)], "contact.changed", { userId: a }),
  ]);
}
