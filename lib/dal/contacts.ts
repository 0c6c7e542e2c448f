import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { contact, user } from "@/db/schema";
import type { ContactEntry, FriendRequestEntry, Presence, Relationship } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { userIdSchema } from "@/lib/validations/ids";
import { parseInput } from "@/lib/validations/parse";
import { announceRelationshipChange, pairOf } from "./blocks";
import { hasBlocked, noBlockBetween } from "./internal/blocks";
import { requireUserById } from "./internal/users";
import { presenceFrom } from "./presence";
import { takeRateLimits } from "./rate-limit";
import { summaryColumns, type Actor } from "./users";

async function findLink(a: string, b: string) {
  const db = await getDb();
  return db.query.contact.findFirst({ where: pairOf(a, b) });
}

async function otherPerson(actor: Actor, userId: unknown, selfMessage: string) {
  const otherId = parseInput(userIdSchema, userId);
  if (otherId === actor.id) throw new AppError("bad_request:self", { message: selfMessage });
  return requireUserById(otherId);
}

/**
 * Sends a friend request. One statement inserts it only when there is no request or contact either
 * way and no block either way, so two people requesting each other at once cannot make two rows.
 */
export async function sendFriendRequest(actor: Actor, userId: unknown): Promise<void> {
  const other = await otherPerson(actor, userId, "You cannot send a request to yourself.");
  await takeRateLimits([{ name: "friendRequestsUser", subject: actor.id }]);
  const db = await getDb();
  const inserted = await db.all(sql`
    INSERT INTO contact (requester_id, addressee_id)
    SELECT ${actor.id}, ${other.id}
    WHERE NOT EXISTS (SELECT 1 FROM contact WHERE (requester_id = ${actor.id} AND addressee_id = ${other.id})
        OR (requester_id = ${other.id} AND addressee_id = ${actor.id}))
      AND ${noBlockBetween(actor.id, other.id)}
    RETURNING requester_id`);
  if (inserted.length > 0) return announceRelationshipChange(actor.id, other.id);

  const link = await findLink(actor.id, other.id);
  if (link?.status === "accepted") throw new AppError("conflict:contact", { message: `You and ${other.username} are already contacts.` });
  if (link?.requesterId === actor.id) {
    throw new AppError("conflict:contact", { message: `You already sent ${other.username} a request.` });
  }
  if (link) throw new AppError("conflict:contact", { message: `${other.username} already sent you a request: accept it instead.` });
  if (await hasBlocked(actor.id, other.id)) {
    throw new AppError("forbidden:request", { message: `You blocked ${other.username}. Unblock them first.` });
  }
  throw new AppError("forbidden:request");
}

export async function cancelFriendRequest(actor: Actor, userId: unknown): Promise<void> {
  const other = await otherPerson(actor, userId, "There is no request to yourself.");
  await removePending(actor.id, other.id, "You have no pending request to this person.");
  await announceRelationshipChange(actor.id, other.id);
}

export async function declineFriendRequest(actor: Actor, userId: unknown): Promise<void> {
  const other = await otherPerson(actor, userId, "There is no request from yourself.");
  await removePending(other.id, actor.id, "This person has no pending request to you.");
  await announceRelationshipChange(actor.id, other.id);
}

async function removePending(requesterId: string, addresseeId: string, missing: string): Promise<void> {
  const db = await getDb();
  const removed = await db
    .delete(contact)
    .where(and(eq(contact.requesterId, requesterId), eq(contact.addresseeId, addresseeId), eq(contact.status, "pending")))
    .returning({ requesterId: contact.requesterId });
  if (removed.length === 0) throw new AppError("not_found:request", { message: missing });
}

export async function acceptFriendRequest(actor: Actor, userId: unknown): Promise<void> {
  const other = await otherPerson(actor, userId, "There is no request from yourself.");
  const db = await getDb();
  const accepted = await db
    .update(contact)
    .set({ status: "accepted", acceptedAt: new Date() })
    .where(and(eq(contact.requesterId, other.id), eq(contact.addresseeId, actor.id), eq(contact.status, "pending")))
    .returning({ requesterId: contact.requesterId });
  if (accepted.length === 0) throw new AppError("not_found:request", { message: "This person has no pending request to you." });
  await announceRelationshipChange(actor.id, other.id);
}

/** Ends a contact, from either side. */
export async function removeContact(actor: Actor, userId: unknown): Promise<void> {
  const other = await otherPerson(actor, userId, "You cannot remove yourself.");
  const db = await getDb();
  const removed = await db
    .delete(contact)
    .where(and(pairOf(actor.id, other.id), eq(contact.status, "accepted")))
    .returning({ requesterId: contact.requesterId });
  if (removed.length === 0) throw new AppError("not_found:contact");
  await announceRelationshipChange(actor.id, other.id);
}

export async function getRelationship(viewer: Actor, otherId: string): Promise<Relationship> {
  const [link, blocked] = await Promise.all([findLink(viewer.id, otherId), hasBlocked(viewer.id, otherId)]);
  const state: Relationship["contact"] = !link ? "none" : link.status === "accepted" ? "accepted" : link.requesterId === viewer.id ? "outgoing" : "incoming";
  return { contact: state, blocked };
}

async function areContacts(a: string, b: string): Promise<boolean> {
  return (await findLink(a, b))?.status === "accepted";
}

/** Online status and last seen of another person, for their contacts only; null for everyone else. */
export async function getPresence(viewer: Actor, userIdInput: unknown): Promise<Presence | null> {
  const userId = parseInput(userIdSchema, userIdInput);
  if (userId === viewer.id || !(await areContacts(viewer.id, userId))) return null;
  const db = await getDb();
  const found = await db.query.user.findFirst({ where: eq(user.id, userId), columns: { onlineSince: true, lastSeenAt: true } });
  return found ? presenceFrom(found) : null;
}

export async function countIncomingRequests(actor: Actor): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(contact)
    .where(and(eq(contact.addresseeId, actor.id), eq(contact.status, "pending")));
  return row?.n ?? 0;
}

export async function listFriendRequests(actor: Actor): Promise<{ incoming: FriendRequestEntry[]; outgoing: FriendRequestEntry[] }> {
  const db = await getDb();
  const pending = (direction: "incoming" | "outgoing") =>
    db
      .select({ ...summaryColumns, sentAt: contact.createdAt })
      .from(contact)
      .innerJoin(user, eq(user.id, direction === "incoming" ? contact.requesterId : contact.addresseeId))
      .where(and(eq(direction === "incoming" ? contact.addresseeId : contact.requesterId, actor.id), eq(contact.status, "pending")))
      .orderBy(asc(contact.createdAt));
  const [incoming, outgoing] = await Promise.all([pending("incoming"), pending("outgoing")]);
  const plain = (rows: typeof incoming) => rows.map((r) => ({ ...r, sentAt: r.sentAt.getTime() }));
  return { incoming: plain(incoming), outgoing: plain(outgoing) };
}

/** Accepted contacts with their presence (they are contacts, so they may see it). */
export async function listContacts(actor: Actor): Promise<ContactEntry[]> {
  const db = await getDb();
  const rows = await db
    .select({ ...summaryColumns, onlineSince: user.onlineSince, lastSeenAt: user.lastSeenAt, acceptedAt: contact.acceptedAt, createdAt: contact.createdAt })
    .from(contact)
    .innerJoin(user, sql`${user.id} = CASE WHEN ${contact.requesterId} = ${actor.id} THEN ${contact.addresseeId} ELSE ${contact.requesterId} END`)
    .where(and(sql`${actor.id} IN (${contact.requesterId}, ${contact.addresseeId})`, eq(contact.status, "accepted")))
    .orderBy(asc(user.username));
  const now = Date.now();
  return rows.map(({ onlineSince, lastSeenAt, acceptedAt, createdAt, ...person }) => ({
    ...person,
    since: (acceptedAt ?? createdAt).getTime(),
    presence: presenceFrom({ onlineSince, lastSeenAt }, now),
  }));
}
