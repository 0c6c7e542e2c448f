import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation, conversationMember, user } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/server";
import { userChannel } from "@/lib/realtime/channels";
import { createRoomSchema, renameRoomSchema, setRoomArchivedSchema, setRoomModeratorSchema } from "@/lib/validations/admin";
import { parseInput } from "@/lib/validations/parse";
import { adminAction, requireServerAdmin, tellAdmins } from "./admin";
import { audit } from "./audit";
import { listMemberIds } from "./internal/membership";
import { postSystemMessage } from "./messages";
import { GENERAL_ROOM_ID, type Actor } from "./users";

/**
 * Public rooms beyond General (issue 19): a server admin creates, renames, archives and unarchives
 * them, and makes members their moderators (who delete any message there: lib/dal/messages.ts
 * deleteMessage). Every change is checked as an admin's here, rate limited, written to the audit log,
 * and told live to the room's members.
 */

export type AdminRoom = {
  id: string;
  name: string;
  archived: boolean;
  memberCount: number;
  moderators: { id: string; username: string }[];
  /** General, which every new account joins, is never archived. */
  general: boolean;
};

/** Every public room with its members' count and moderators, for /admin. */
export async function listRoomsForAdmin(actor: Actor): Promise<AdminRoom[]> {
  await requireServerAdmin(actor);
  const db = await getDb();
  const rows = await db.all<{ id: string; name: string | null; archived_at: number | null; members: number; moderators: string | null }>(sql`
    SELECT c.id, c.name, c.archived_at,
      (SELECT count(*) FROM conversation_member m WHERE m.conversation_id = c.id) AS members,
      (SELECT json_group_array(json_object('id', u.id, 'username', u.username)) FROM conversation_member m
        JOIN user u ON u.id = m.user_id WHERE m.conversation_id = c.id AND m.role = 'moderator') AS moderators
    FROM conversation c WHERE c.kind = 'public' ORDER BY c.archived_at IS NOT NULL, c.created_at, c.name`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name ?? "Untitled",
    archived: r.archived_at !== null,
    memberCount: Number(r.members),
    moderators: (JSON.parse(r.moderators ?? "[]") as { id: string; username: string }[]).sort((a, b) => a.username.localeCompare(b.username)),
    general: r.id === GENERAL_ROOM_ID,
  }));
}

async function requireRoom(conversationId: string): Promise<{ id: string; name: string; archived: boolean }> {
  const db = await getDb();
  const room = await db.query.conversation.findFirst({
    where: eq(conversation.id, conversationId),
    columns: { kind: true, name: true, archivedAt: true },
  });
  if (!room) throw new AppError("not_found:conversation");
  if (room.kind !== "public") throw new AppError("bad_request:input", { message: "This is not a public room." });
  return { id: conversationId, name: room.name ?? "Untitled", archived: room.archivedAt !== null };
}

/** The unique index (migration 0015) decides; this only turns its refusal into words. */
async function assertNameFree(name: string, except?: string): Promise<void> {
  const db = await getDb();
  const [taken] = await db.all<{ id: string }>(sql`
    SELECT id FROM conversation WHERE kind = 'public' AND lower(name) = lower(${name}) AND id <> ${except ?? ""} LIMIT 1`);
  if (taken) throw new AppError("conflict:room", { message: `There is already a room named “${name}”.` });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/.test(`${error.message} ${String(error.cause ?? "")}`);
}

/** Members, name or state changed: every member's list refetches it and an open chat reloads (read-only now). */
async function announceRoom(conversationId: string, userIds?: string[]): Promise<void> {
  const ids = userIds ?? (await listMemberIds(conversationId));
  await publish(ids.map(userChannel), "conversation.membership", { conversationId });
}

/** A new public room; the admin who made it is its first member. */
export async function createRoom(actor: Actor, input: unknown): Promise<string> {
  await adminAction(actor);
  const { name } = parseInput(createRoomSchema, input);
  await assertNameFree(name);
  const id = crypto.randomUUID();
  const db = await getDb();
  try {
    await db.batch([
      db.insert(conversation).values({ id, kind: "public", name, createdBy: actor.id }),
      db.insert(conversationMember).values({ conversationId: id, userId: actor.id }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:room", { message: `There is already a room named “${name}”.` });
    throw error;
  }
  await postSystemMessage(actor, id, `${actor.username} created the room “${name}”`);
  await audit(actor, "created room", name);
  await Promise.all([announceRoom(id, [actor.id]), tellAdmins("rooms")]);
  return id;
}

export async function renameRoom(actor: Actor, input: unknown): Promise<void> {
  await adminAction(actor);
  const { conversationId, name } = parseInput(renameRoomSchema, input);
  const room = await requireRoom(conversationId);
  if (room.name === name) return;
  await assertNameFree(name, room.id);
  const db = await getDb();
  try {
    await db.update(conversation).set({ name }).where(eq(conversation.id, room.id));
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:room", { message: `There is already a room named “${name}”.` });
    throw error;
  }
  await postSystemMessage(actor, room.id, `${actor.username} renamed the room to “${name}”`);
  await audit(actor, "renamed room", name, `was “${room.name}”`);
  await Promise.all([announceRoom(room.id), tellAdmins("rooms")]);
}

/**
 * Archives a room (read-only: its history stays readable by its members, and it leaves the
 * directory for everyone else) or unarchives it. General is never archived: every new account
 * starts there, and a server whose common room is read-only has nowhere to talk.
 */
export async function setRoomArchived(actor: Actor, input: unknown): Promise<void> {
  await adminAction(actor);
  const { conversationId, archived } = parseInput(setRoomArchivedSchema, input);
  const room = await requireRoom(conversationId);
  if (archived && room.id === GENERAL_ROOM_ID) {
    throw new AppError("conflict:room", { message: "General cannot be archived: every new account starts there." });
  }
  if (room.archived === archived) return;
  const db = await getDb();
  // The system line goes in while the room still takes messages (archiving) or once it does again.
  if (archived) await postSystemMessage(actor, room.id, `${actor.username} archived the room: it is read-only now`);
  await db
    .update(conversation)
    .set({ archivedAt: archived ? new Date() : null })
    .where(eq(conversation.id, room.id));
  if (!archived) await postSystemMessage(actor, room.id, `${actor.username} unarchived the room`);
  await audit(actor, archived ? "archived room" : "unarchived room", room.name);
  await Promise.all([announceRoom(room.id), tellAdmins("rooms")]);
}

/** Makes a member of the room its moderator, or a member again. */
export async function setRoomModerator(actor: Actor, input: unknown): Promise<void> {
  await adminAction(actor);
  const { conversationId, username, moderator } = parseInput(setRoomModeratorSchema, input);
  const room = await requireRoom(conversationId);
  const db = await getDb();
  const target = await db
    .select({ id: user.id, username: user.username, role: conversationMember.role })
    .from(conversationMember)
    .innerJoin(user, eq(user.id, conversationMember.userId))
    .where(and(eq(conversationMember.conversationId, room.id), eq(user.username, username)))
    .get();
  if (!target) throw new AppError("not_found:user", { message: `${username} is not a member of “${room.name}”.` });
  if ((target.role === "moderator") === moderator) return;
  await db
    .update(conversationMember)
    .set({ role: moderator ? "moderator" : "member" })
    .where(and(eq(conversationMember.conversationId, room.id), eq(conversationMember.userId, target.id)));
  await postSystemMessage(
    actor,
    room.id,
    moderator ? `${actor.username} made ${target.username} a moderator` : `${actor.username} removed ${target.username} as moderator`,
  );
  await audit(actor, moderator ? "made moderator" : "removed moderator", target.username, `in “${room.name}”`);
  // Their open chat reloads and shows Delete on everyone's messages (or no longer).
  await Promise.all([announceRoom(room.id, [target.id]), tellAdmins("rooms")]);
}
