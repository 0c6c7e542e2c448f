import "server-only";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { block, contact, conversation, user } from "@/db/schema";
import type { UserSummary } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { userChannel } from "@/lib/realtime/channels";
import { publishAll, type Publication } from "@/lib/realtime/server";
import { userIdSchema } from "@/lib/validations/ids";
import { parseInput } from "@/lib/validations/parse";
import { directKeyOf } from "./conversations";
import { isBlockedWithAny } from "./internal/blocks";
import { requireUserById } from "./internal/users";
import { summaryColumns, type Actor } from "./users";

export const YOU_BLOCKED = "You blocked this person. Unblock them to message them.";

/**
 * Blocks a person: they can no longer message the actor, open a chat with them, add them to a group
 * or send them a request, and any contact or request between the two ends. Blocking twice is a no-op.
 *
 * Their direct chat goes quiet both ways: its channel epoch moves on in the same transaction, so
 * the subscriptions both hold hear nothing more, and channel auth signs neither the new channel nor
 * its typing channel while the block lasts (lib/dal/realtime.ts). Both open chats are told to
 * subscribe anew, which takes the blocker out of the old typing channel, where the blocked person
 * would see them with the chat open and could send them typing signals.
 */
export async function blockUser(actor: Actor, userId: unknown): Promise<void> {
  const otherId = parseInput(userIdSchema, userId);
  if (otherId === actor.id) throw new AppError("bad_request:self", { message: "You cannot block yourself." });
  await requireUserById(otherId);
  const db = await getDb();
  const chat = eq(conversation.directKey, directKeyOf(actor.id, otherId));
  await db.batch([
    db.insert(block).values({ blockerId: actor.id, blockedId: otherId }).onConflictDoNothing(),
    db.delete(contact).where(pairOf(actor.id, otherId)),
    db
      .update(conversation)
      .set({ channelEpoch: sql`${conversation.channelEpoch} + 1` })
      .where(chat),
  ]);
  await announceRelationshipChange(actor.id, otherId, { blocking: true });
}

/** Lifts a block; a hidden direct chat shows again. Contacts that the block ended stay ended. */
export async function unblockUser(actor: Actor, userId: unknown): Promise<void> {
  const otherId = parseInput(userIdSchema, userId);
  const db = await getDb();
  await db.delete(block).where(and(eq(block.blockerId, actor.id), eq(block.blockedId, otherId)));
  await announceRelationshipChange(actor.id, otherId, { blocking: true });
}

export async function listBlockedUsers(actor: Actor): Promise<UserSummary[]> {
  const db = await getDb();
  return db.select(summaryColumns).from(block).innerJoin(user, eq(user.id, block.blockedId)).where(eq(block.blockerId, actor.id)).orderBy(asc(user.username));
}

/** For adding people to a group: refuses when the actor and any of them blocked one another. */
export async function assertNoBlockWithAny(actor: Actor, userIds: string[]): Promise<void> {
  if (await isBlockedWithAny(actor.id, userIds)) throw new AppError("forbidden:blocked", { message: "You cannot add this person to a group." });
}

export function pairOf(a: string, b: string) {
  return or(and(eq(contact.requesterId, a), eq(contact.addresseeId, b)), and(eq(contact.requesterId, b), eq(contact.addresseeId, a)));
}

/**
 * Both sides' contact pages, badges and conversation lists follow a change between the two. After
 * a block or its end, an open direct chat of theirs also reloads, to subscribe to what it may now
 * hear (or to nothing).
 */
export async function announceRelationshipChange(a: string, b: string, options: { blocking?: boolean } = {}): Promise<void> {
  const publications: Publication[] = [
    { channels: [userChannel(a)], event: "contact.changed", payload: { userId: b } },
    { channels: [userChannel(b)], event: "contact.changed", payload: { userId: a } },
  ];
  if (options.blocking) {
    const db = await getDb();
    const chat = await db.query.conversation.findFirst({ where: eq(conversation.directKey, directKeyOf(a, b)), columns: { id: true } });
    if (chat) publications.push({ channels: [userChannel(a), userChannel(b)], event: "conversation.membership", payload: { conversationId: chat.id } });
  }
  await publishAll(publications);
}
