import "server-only";
import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb } from "@/db";
import { contact, conversation, conversationMember, user } from "@/db/schema";
import { processAvatarUpload } from "@/lib/avatar/process";
import type { UserSummary } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { deleteAvatarIfUnused, putAvatar } from "@/lib/storage/avatars";
import { publish } from "@/lib/realtime/server";
import { userChannel } from "@/lib/realtime/channels";
import { addMembersSchema, createGroupSchema, MAX_GROUP_MEMBERS, memberSchema, renameGroupSchema, setAdminSchema } from "@/lib/validations/conversation";
import { conversationIdSchema } from "@/lib/validations/ids";
import { parseInput } from "@/lib/validations/parse";
import { takeAvatarUpload } from "./avatars";
import { assertNoBlockWithAny, blockUser } from "./blocks";
import { requireMembership } from "./conversations";
import { listMemberIds } from "./internal/membership";
import { postSystemMessage } from "./messages";
import { takeRateLimits } from "./rate-limit";
import { summaryColumns, type Actor } from "./users";

export type GroupMember = UserSummary & {
  role: "member" | "admin" | "moderator";
  joinedAt: number;
  /** Who added them, while that account exists; null for the creator. */
  addedBy: { id: string; username: string } | null;
};

async function requireGroup(actor: Actor, conversationId: unknown, { admin }: { admin: boolean }) {
  const id = await requireMembership(actor, conversationId);
  const db = await getDb();
  const [row] = await db
    .select({ kind: conversation.kind, name: conversation.name, role: conversationMember.role })
    .from(conversation)
    .innerJoin(conversationMember, and(eq(conversationMember.conversationId, conversation.id), eq(conversationMember.userId, actor.id)))
    .where(eq(conversation.id, id));
  if (!row || row.kind !== "group") throw new AppError("bad_request:input", { message: "This is not a group." });
  if (admin && row.role !== "admin") throw new AppError("forbidden:admin");
  return { id, name: row.name ?? "", role: row.role };
}

/**
 * Users who exist and may be added by the actor: their contacts only, so that no stranger can fill
 * someone's list with groups; refuses anyone who blocked the actor (or was blocked).
 */
async function requireAddable(actor: Actor, userIds: string[]): Promise<{ id: string; username: string }[]> {
  if (userIds.length === 0) return [];
  const db = await getDb();
  const found = await db.select({ id: user.id, username: user.username }).from(user).where(inArray(user.id, userIds));
  if (found.length !== userIds.length) throw new AppError("not_found:user", { message: "Some of these people do not exist." });
  found.sort((a, b) => userIds.indexOf(a.id) - userIds.indexOf(b.id));
  await assertNoBlockWithAny(actor, userIds);
  const contacts = await db
    .select({ requesterId: contact.requesterId, addresseeId: contact.addresseeId })
    .from(contact)
    .where(
      and(
        eq(contact.status, "accepted"),
        or(
          and(eq(contact.requesterId, actor.id), inArray(contact.addresseeId, userIds)),
          and(inArray(contact.requesterId, userIds), eq(contact.addresseeId, actor.id)),
        ),
      ),
    );
  const mine = new Set(contacts.map((c) => (c.requesterId === actor.id ? c.addresseeId : c.requesterId)));
  const strangers = found.filter((f) => !mine.has(f.id));
  if (strangers.length > 0) {
    throw new AppError("forbidden:contact", { message: `Only your contacts can be added to a group: ${names(strangers)} is not one.` });
  }
  return found;
}

const names = (people: { username: string }[]) => people.map((p) => p.username).join(", ");

async function announceMembership(conversationId: string, userIds: string[]): Promise<void> {
  await publish(userIds.map(userChannel), "conversation.membership", { conversationId });
}

export async function createGroup(actor: Actor, input: unknown): Promise<string> {
  const { name, memberIds } = parseInput(createGroupSchema, input);
  const others = await requireAddable(
    actor,
    memberIds.filter((id) => id !== actor.id),
  );
  await takeRateLimits([{ name: "groupsCreatedUser", subject: actor.id }]);
  const id = crypto.randomUUID();
  const db = await getDb();
  await db.batch([
    db.insert(conversation).values({ id, kind: "group", name, createdBy: actor.id }),
    db
      .insert(conversationMember)
      .values([
        { conversationId: id, userId: actor.id, role: "admin" as const },
        ...others.map((o) => ({ conversationId: id, userId: o.id, role: "member" as const, addedBy: actor.id })),
      ]),
  ]);
  await postSystemMessage(actor, id, `${actor.username} created the group “${name}”`);
  if (others.length > 0) await postSystemMessage(actor, id, `${actor.username} added ${names(others)}`);
  return id;
}

export async function renameGroup(actor: Actor, input: unknown): Promise<void> {
  const { conversationId, name } = parseInput(renameGroupSchema, input);
  const group = await requireGroup(actor, conversationId, { admin: true });
  if (group.name === name) return;
  const db = await getDb();
  await db.update(conversation).set({ name }).where(eq(conversation.id, group.id));
  await postSystemMessage(actor, group.id, `${actor.username} renamed the group to “${name}”`);
  await announceMembership(group.id, await listMemberIds(group.id));
}

export async function addMembers(actor: Actor, input: unknown): Promise<void> {
  const { conversationId, userIds } = parseInput(addMembersSchema, input);
  const group = await requireGroup(actor, conversationId, { admin: true });
  const current = new Set(await listMemberIds(group.id));
  const people = await requireAddable(
    actor,
    userIds.filter((id) => !current.has(id)),
  );
  if (people.length === 0) return;
  if (current.size + people.length > MAX_GROUP_MEMBERS) {
    throw new AppError("conflict:group", { message: `A group can have at most ${MAX_GROUP_MEMBERS} members.` });
  }
  await takeRateLimits([{ name: "memberAddsUser", subject: actor.id }]);
  const db = await getDb();
  await db
    .insert(conversationMember)
    .values(people.map((p) => ({ conversationId: group.id, userId: p.id, addedBy: actor.id })))
    .onConflictDoNothing();
  await postSystemMessage(actor, group.id, `${actor.username} added ${names(people)}`);
  await announceMembership(
    group.id,
    people.map((p) => p.id),
  );
}

/**
 * Takes members out and revokes their realtime access in the same transaction: the channel epoch
 * moves on, so their open subscription hears nothing more and the new channel is never signed
 * for them.
 */
async function dropMembers(conversationId: string, userIds: string[], promote?: string): Promise<void> {
  const db = await getDb();
  await db.batch([
    db.delete(conversationMember).where(and(eq(conversationMember.conversationId, conversationId), inArray(conversationMember.userId, userIds))),
    db
      .update(conversation)
      .set({ channelEpoch: sql`${conversation.channelEpoch} + 1` })
      .where(eq(conversation.id, conversationId)),
    ...(promote
      ? [
          db
            .update(conversationMember)
            .set({ role: "admin" })
            .where(and(eq(conversationMember.conversationId, conversationId), eq(conversationMember.userId, promote))),
        ]
      : []),
  ]);
  await publish(userIds.map(userChannel), "conversation.removed", { conversationId });
}

export async function removeMember(actor: Actor, input: unknown): Promise<void> {
  const { conversationId, userId } = parseInput(memberSchema, input);
  const group = await requireGroup(actor, conversationId, { admin: true });
  if (userId === actor.id) throw new AppError("bad_request:input", { message: "To remove yourself, leave the group." });
  const db = await getDb();
  const target = await db
    .select({ username: user.username })
    .from(conversationMember)
    .innerJoin(user, eq(user.id, conversationMember.userId))
    .where(and(eq(conversationMember.conversationId, group.id), eq(conversationMember.userId, userId)))
    .get();
  if (!target) throw new AppError("not_found:user", { message: "This person is not in the group." });
  await dropMembers(group.id, [userId]);
  await postSystemMessage(actor, group.id, `${actor.username} removed ${target.username}`);
  await announceMembership(group.id, await listMemberIds(group.id));
}

export async function setAdmin(actor: Actor, input: unknown): Promise<void> {
  const { conversationId, userId, admin } = parseInput(setAdminSchema, input);
  const group = await requireGroup(actor, conversationId, { admin: true });
  const db = await getDb();
  const target = await db
    .select({ username: user.username, role: conversationMember.role })
    .from(conversationMember)
    .innerJoin(user, eq(user.id, conversationMember.userId))
    .where(and(eq(conversationMember.conversationId, group.id), eq(conversationMember.userId, userId)))
    .get();
  if (!target) throw new AppError("not_found:user", { message: "This person is not in the group." });
  if ((target.role === "admin") === admin) return;
  if (!admin) {
    const [admins] = await db
      .select({ n: count() })
      .from(conversationMember)
      .where(and(eq(conversationMember.conversationId, group.id), eq(conversationMember.role, "admin")));
    if (admins!.n <= 1) throw new AppError("conflict:group", { message: "A group needs at least one admin." });
  }
  await db
    .update(conversationMember)
    .set({ role: admin ? "admin" : "member" })
    .where(and(eq(conversationMember.conversationId, group.id), eq(conversationMember.userId, userId)));
  await postSystemMessage(
    actor,
    group.id,
    admin ? `${actor.username} made ${target.username} an admin` : `${actor.username} removed ${target.username} as admin`,
  );
  await announceMembership(group.id, await listMemberIds(group.id));
}

/**
 * Leaving as the last admin hands the group to the member who has been in it longest. With
 * `blockAdder`, the one who added the actor is blocked as well: they can no longer add them (nor
 * message them), which is how someone put in groups against their will makes it stop.
 */
export async function leaveGroup(actor: Actor, conversationId: unknown, options: { blockAdder?: boolean } = {}): Promise<void> {
  const group = await requireGroup(actor, conversationId, { admin: false });
  const members = await listGroupMembers(actor, group.id);
  const adder = members.find((m) => m.id === actor.id)?.addedBy;
  if (options.blockAdder && !adder) throw new AppError("bad_request:input", { message: "No one added you to this group." });
  const others = members.filter((m) => m.id !== actor.id);
  const lastAdmin = group.role === "admin" && !others.some((m) => m.role === "admin");
  const heir = lastAdmin ? others[0] : undefined;
  await dropMembers(group.id, [actor.id], heir?.id);
  if (options.blockAdder) await blockUser(actor, adder!.id);
  if (others.length === 0) return;
  await postSystemMessage(actor, group.id, `${actor.username} left`);
  if (heir) await postSystemMessage(actor, group.id, `${heir.username} is now an admin`);
  await announceMembership(
    group.id,
    others.map((o) => o.id),
  );
}

export async function listGroupMembers(actor: Actor, conversationId: unknown): Promise<GroupMember[]> {
  const id = await requireMembership(actor, conversationId);
  const db = await getDb();
  const adder = alias(user, "adder");
  const rows = await db
    .select({
      ...summaryColumns,
      role: conversationMember.role,
      joinedAt: conversationMember.joinedAt,
      adderId: adder.id,
      adderUsername: adder.username,
    })
    .from(conversationMember)
    .innerJoin(user, eq(user.id, conversationMember.userId))
    .leftJoin(adder, eq(adder.id, conversationMember.addedBy))
    .where(eq(conversationMember.conversationId, id))
    .orderBy(asc(conversationMember.joinedAt), asc(user.username));
  return rows.map(({ adderId, adderUsername, ...r }) => ({
    ...r,
    joinedAt: r.joinedAt.getTime(),
    addedBy: adderId && adderUsername ? { id: adderId, username: adderUsername } : null,
  }));
}

export type PublicRoom = { id: string; name: string; memberCount: number; joined: boolean; archived: boolean };

/** The directory: every open public room, and the archived ones the actor is still in (read-only). */
export async function listPublicRooms(actor: Actor): Promise<PublicRoom[]> {
  const db = await getDb();
  const rows = await db.all<{ id: string; name: string | null; members: number; joined: number; archived_at: number | null }>(sql`
    SELECT * FROM (SELECT c.id, c.name, c.archived_at, c.created_at,
      (SELECT count(*) FROM conversation_member m WHERE m.conversation_id = c.id) AS members,
      EXISTS (SELECT 1 FROM conversation_member m WHERE m.conversation_id = c.id AND m.user_id = ${actor.id}) AS joined
    FROM conversation c WHERE c.kind = 'public')
    WHERE archived_at IS NULL OR joined ORDER BY archived_at IS NOT NULL, created_at, name`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name ?? "Untitled",
    memberCount: Number(r.members),
    joined: Boolean(r.joined),
    archived: r.archived_at !== null,
  }));
}

/**
 * A public room by id that the actor may join, for anyone signed in (the rooms page lists them
 * all); null for any other conversation, and for an archived room, which no one joins.
 */
export async function findPublicRoom(_actor: Actor, conversationId: unknown): Promise<{ id: string; name: string } | null> {
  const id = parseInput(conversationIdSchema, conversationId);
  const db = await getDb();
  const room = await db.query.conversation.findFirst({ where: eq(conversation.id, id), columns: { kind: true, name: true, archivedAt: true } });
  return room?.kind === "public" && room.archivedAt === null ? { id, name: room.name ?? "Untitled" } : null;
}

/** Any user may join a public room, and only a public one: other conversations are never joined by id. */
export async function joinPublicRoom(actor: Actor, conversationId: unknown): Promise<string> {
  const id = parseInput(conversationIdSchema, conversationId);
  const db = await getDb();
  const room = await db.query.conversation.findFirst({ where: eq(conversation.id, id), columns: { kind: true, archivedAt: true } });
  if (!room) throw new AppError("not_found:conversation");
  if (room.kind !== "public") throw new AppError("forbidden:conversation", { message: "Only public rooms can be joined." });
  if (room.archivedAt) throw new AppError("conflict:archived", { message: "This room is archived: it cannot be joined." });
  await db.insert(conversationMember).values({ conversationId: id, userId: actor.id }).onConflictDoNothing();
  await announceMembership(id, [actor.id]);
  return id;
}

export async function leavePublicRoom(actor: Actor, conversationId: unknown): Promise<void> {
  const id = await requireMembership(actor, conversationId);
  const db = await getDb();
  const room = await db.query.conversation.findFirst({ where: eq(conversation.id, id), columns: { kind: true } });
  if (room?.kind !== "public") throw new AppError("bad_request:input", { message: "This is not a public room." });
  await db.delete(conversationMember).where(and(eq(conversationMember.conversationId, id), eq(conversationMember.userId, actor.id)));
  await announceMembership(id, [actor.id]);
}

/** Checks and re-encodes an upload (the same pipeline as profile pictures) and makes it the group's picture. */
export async function setGroupAvatar(actor: Actor, conversationId: unknown, bytes: Uint8Array): Promise<string> {
  const group = await requireGroup(actor, conversationId, { admin: true });
  await takeAvatarUpload(actor);
  const images = await processAvatarUpload(bytes);
  await putAvatar(images);
  const db = await getDb();
  const previous = await db.query.conversation.findFirst({ where: eq(conversation.id, group.id), columns: { avatarId: true } });
  await db.update(conversation).set({ avatarId: images.id }).where(eq(conversation.id, group.id));
  if (previous?.avatarId && previous.avatarId !== images.id) await deleteAvatarIfUnused(previous.avatarId);
  await postSystemMessage(actor, group.id, `${actor.username} changed the group picture`);
  await announceMembership(group.id, await listMemberIds(group.id));
  return images.id;
}
