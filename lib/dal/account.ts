import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation, conversationMember, message, user } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { mentionText } from "@/lib/mentions";
import { hashPassword, verifyPassword } from "@/lib/password";
import { terminateConnections } from "@/lib/realtime/server";
import { deleteAvatarIfUnused } from "@/lib/storage/avatars";
import { deleteUserFiles } from "./attachments";
import { attachmentsFor } from "./internal/attachments";
import { mentionsFor } from "./internal/mentions";
import { changePasswordSchema, changeUsernameSchema, deleteAccountSchema, profileSchema } from "@/lib/validations/profile";
import { parseInput } from "@/lib/validations/parse";
import { announceProfile } from "./avatars";
import { listBlockedUsers } from "./blocks";
import { listContacts, listFriendRequests } from "./contacts";
import { listProfileAudience } from "./internal/users";
import type { Actor } from "./users";

export type AccountDTO = {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  bio: string;
  avatarId: string | null;
  createdAt: number;
};

export async function getAccount(actor: Actor): Promise<AccountDTO> {
  const db = await getDb();
  const found = await db.query.user.findFirst({
    where: eq(user.id, actor.id),
    columns: { id: true, username: true, firstName: true, lastName: true, bio: true, avatarId: true, createdAt: true },
  });
  if (!found) throw new AppError("unauthorized:session");
  return { ...found, createdAt: found.createdAt.getTime() };
}

export async function updateProfile(actor: Actor, input: unknown): Promise<void> {
  const profile = parseInput(profileSchema, input);
  const db = await getDb();
  await db.update(user).set(profile).where(eq(user.id, actor.id));
  await announceProfile(actor.id);
}

/** Same rules as sign-up; the old name is free at once and its /u/ link stops working. */
export async function changeUsername(actor: Actor, input: unknown): Promise<string> {
  const { username } = parseInput(changeUsernameSchema, input);
  if (username === actor.username) return username;
  const db = await getDb();
  // One statement: the check and the write cannot be split by someone else taking the name.
  const renamed = await db
    .update(user)
    .set({ username })
    .where(and(eq(user.id, actor.id), sql`NOT EXISTS (SELECT 1 FROM user other WHERE other.username = ${username})`))
    .returning({ id: user.id });
  if (renamed.length === 0) {
    throw new AppError("conflict:username", { fieldErrors: { username: ["That username is taken."] } });
  }
  await announceProfile(actor.id);
  return username;
}

async function requirePassword(actor: Actor, password: string, field: string): Promise<void> {
  const db = await getDb();
  const found = await db.query.user.findFirst({ where: eq(user.id, actor.id), columns: { passwordHash: true } });
  if (!found) throw new AppError("unauthorized:session");
  if (!(await verifyPassword(found.passwordHash, password))) {
    throw new AppError("bad_request:password", { fieldErrors: { [field]: ["That password is not correct."] } });
  }
}

/**
 * Revokes every session token of the user issued before, then ends their open realtime connections:
 * a revoked session is refused at its next request and stops hearing at once (each tab then asks
 * whether it is still signed in; see lib/client/realtime.ts).
 */
export async function bumpSessionVersion(actor: Pick<Actor, "id">, passwordHash?: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .update(user)
    .set({ sessionVersion: sql`${user.sessionVersion} + 1`, ...(passwordHash ? { passwordHash } : {}) })
    .where(eq(user.id, actor.id))
    .returning({ sessionVersion: user.sessionVersion });
  if (!row) throw new AppError("unauthorized:session");
  await terminateConnections(actor.id);
  return row.sessionVersion;
}

/**
 * Needs the current password. Bumping the session version in the same write revokes every session
 * token issued before, this one included: the caller signs this browser in again with the new password.
 */
export async function changePassword(actor: Actor, input: unknown): Promise<void> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  await requirePassword(actor, currentPassword, "currentPassword");
  await bumpSessionVersion(actor, await hashPassword(newPassword));
}

/** Revokes every session of the actor, on every device, at their next request. */
export async function signOutEverywhere(actor: Actor): Promise<void> {
  await bumpSessionVersion(actor);
}

/**
 * Removes the profile, avatar, contacts, requests, blocks and memberships (the schema cascades them).
 * Messages stay in others' chats with no sender, shown as "Deleted user".
 */
export async function deleteAccount(actor: Actor, input: unknown): Promise<void> {
  const { password } = parseInput(deleteAccountSchema, input);
  await requirePassword(actor, password, "password");
  const db = await getDb();
  const audience = (await listProfileAudience(actor.id)).filter((id) => id !== actor.id);
  // Their files go first, from storage too; the rows would only cascade.
  await deleteUserFiles(actor.id);
  const [removed] = await db.delete(user).where(eq(user.id, actor.id)).returning({ avatarId: user.avatarId });
  // The memberships went with the account; its sockets must not keep hearing the chats it was in.
  await terminateConnections(actor.id);
  if (removed?.avatarId) await deleteAvatarIfUnused(removed.avatarId);
  await announceProfile(actor.id, audience);
}

/** What the export says of each message, sent or received. */
const exportColumns = {
  id: message.id,
  conversationId: message.conversationId,
  conversationKind: conversation.kind,
  body: message.body,
  replyToId: message.replyToId,
  forwarded: message.forwarded,
  createdAt: message.createdAt,
  editedAt: message.editedAt,
  deletedAt: message.deletedAt,
};

/**
 * Everything the actor put in (profile, contacts, requests, blocks, their own messages) and the
 * messages they received: those of others in their chats, sent while they were a member, as they
 * stand now (a message its author deleted comes without its text).
 */
export async function exportAccountData(actor: Actor) {
  const db = await getDb();
  const [account, contacts, requests, blocked, messages, received] = await Promise.all([
    getAccount(actor),
    listContacts(actor),
    listFriendRequests(actor),
    listBlockedUsers(actor),
    db
      .select({
        ...exportColumns,
        // A group the actor has left, or was removed from, may have been renamed since: what it is
        // called now is no longer theirs to know.
        conversationName: sql<string | null>`CASE WHEN ${conversationMember.userId} IS NULL THEN NULL ELSE ${conversation.name} END`,
      })
      .from(message)
      .innerJoin(conversation, eq(conversation.id, message.conversationId))
      .leftJoin(conversationMember, and(eq(conversationMember.conversationId, message.conversationId), eq(conversationMember.userId, actor.id)))
      .where(eq(message.senderId, actor.id))
      .orderBy(asc(message.id)),
    db
      .select({ ...exportColumns, conversationName: conversation.name, from: user.username })
      .from(message)
      .innerJoin(conversationMember, and(eq(conversationMember.conversationId, message.conversationId), eq(conversationMember.userId, actor.id)))
      .innerJoin(conversation, eq(conversation.id, message.conversationId))
      .leftJoin(user, eq(user.id, message.senderId))
      .where(and(eq(message.kind, "text"), sql`${message.senderId} IS NOT ${actor.id}`, sql`${message.createdAt} >= ${conversationMember.joinedAt}`))
      .orderBy(asc(message.id)),
  ]);
  const ids = [...messages, ...received].map((m) => m.id);
  const [files, mentions] = await Promise.all([attachmentsFor(ids), mentionsFor(ids)]);
  // Read as the app shows it: a mention is "@Name", never the token the body stores.
  const text = (m: { id: number; body: string | null; deletedAt: Date | null }) =>
    m.deletedAt || m.body === null ? null : mentionText(m.body, mentions.get(m.id));
  // Each file by name and type, with where to download it while the account can sign in.
  const attachmentsOf = (id: number) =>
    (files.get(id) ?? []).map((f) => ({ name: f.name, size: f.size, type: f.type, download: `/api/attachments/${f.id}/download` }));
  const iso = (d: Date | number | null) => (d === null ? null : new Date(d).toISOString());
  const exported = (m: (typeof messages)[number], sender: { from?: string | null } = {}) => ({
    id: m.id,
    conversation: { id: m.conversationId, kind: m.conversationKind, name: m.conversationName },
    ...sender,
    // A deleted message's text was withdrawn by its author: the export does not bring it back.
    body: text(m),
    attachments: attachmentsOf(m.id),
    replyToId: m.replyToId,
    // A copy forwarded from another message (whose author is not part of this export).
    forwarded: m.forwarded,
    sentAt: iso(m.createdAt),
    editedAt: iso(m.editedAt),
    deletedAt: iso(m.deletedAt),
  });
  const person = (p: { username: string; firstName: string; lastName: string }) => ({
    username: p.username,
    firstName: p.firstName,
    lastName: p.lastName,
  });
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      id: account.id,
      username: account.username,
      firstName: account.firstName,
      lastName: account.lastName,
      bio: account.bio,
      hasAvatar: account.avatarId !== null,
      joinedAt: iso(account.createdAt),
    },
    contacts: contacts.map((c) => ({ ...person(c), since: iso(c.since) })),
    friendRequests: {
      received: requests.incoming.map((r) => ({ ...person(r), sentAt: iso(r.sentAt) })),
      sent: requests.outgoing.map((r) => ({ ...person(r), sentAt: iso(r.sentAt) })),
    },
    blocked: blocked.map(person),
    messages: messages.map((m) => exported(m)),
    // `from` is null for an account since deleted.
    received: received.map((m) => exported(m, { from: m.from })),
  };
}
