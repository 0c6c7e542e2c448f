import "server-only";
import { and, eq, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { block, conversation, conversationMember, user } from "@/db/schema";
import type { ConversationSummary, ReadPosition, ReadState } from "@/lib/dto";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { publishAll } from "@/lib/realtime/server";
import { AppError } from "@/lib/errors";
import { conversationIdSchema, messageIdSchema, userIdSchema } from "@/lib/validations/ids";
import { parseInput } from "@/lib/validations/parse";
import type { Actor } from "./users";

export async function isMember(conversationId: string, userId: string): Promise<boolean> {
  const db = await getDb();
  const row = await db.query.conversationMember.findFirst({
    where: and(eq(conversationMember.conversationId, conversationId), eq(conversationMember.userId, userId)),
    columns: { userId: true },
  });
  return row !== undefined;
}

/** 404 for an unknown conversation, 403 for one the actor is not in. */
export async function requireMembership(actor: Actor, conversationId: unknown): Promise<string> {
  const id = parseInput(conversationIdSchema, conversationId);
  if (await isMember(id, actor.id)) return id;
  const db = await getDb();
  const exists = await db.query.conversation.findFirst({ where: eq(conversation.id, id), columns: { id: true } });
  throw new AppError(exists ? "forbidden:conversation" : "not_found:conversation");
}

export async function listMemberIds(conversationId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ userId: conversationMember.userId })
    .from(conversationMember)
    .where(eq(conversationMember.conversationId, conversationId));
  return rows.map((r) => r.userId);
}

/** The conversation's current channel name: the epoch changes when a member is removed. */
export async function currentChannel(conversationId: string): Promise<string> {
  const db = await getDb();
  const row = await db.query.conversation.findFirst({
    where: eq(conversation.id, conversationId),
    columns: { channelEpoch: true },
  });
  return conversationChannel(conversationId, row?.channelEpoch ?? 0);
}

export async function isBlockedBetween(a: string, b: string): Promise<boolean> {
  const db = await getDb();
  const row = await db.query.block.findFirst({
    where: or(
      and(eq(block.blockerId, a), eq(block.blockedId, b)),
      and(eq(block.blockerId, b), eq(block.blockedId, a)),
    ),
    columns: { blockerId: true },
  });
  return row !== undefined;
}

/** What names the one direct conversation of two people, whoever opened it. */
export function directKeyOf(a: string, b: string): string {
  return [a, b].sort().join(":");
}

/**
 * Refuses a change in a direct chat where either person blocked the other: nothing of either may
 * reach the other any more, edits and reactions included.
 */
export async function assertNotBlockedChat(actor: Actor, conversationId: string): Promise<void> {
  const db = await getDb();
  const [row] = await db.all<{ blocked: number }>(sql`
    SELECT 1 AS blocked FROM conversation c
    JOIN conversation_member o ON o.conversation_id = c.id AND o.user_id <> ${actor.id}
    JOIN block b ON (b.blocker_id = ${actor.id} AND b.blocked_id = o.user_id) OR (b.blocker_id = o.user_id AND b.blocked_id = ${actor.id})
    WHERE c.id = ${conversationId} AND c.kind = 'direct'
    LIMIT 1`);
  if (row) throw new AppError("forbidden:blocked");
}

/** The one direct conversation between the actor and another user, created on first use. */
export async function openDirectConversation(actor: Actor, otherUserId: unknown): Promise<string> {
  const otherId = parseInput(userIdSchema, otherUserId);
  if (otherId === actor.id) throw new AppError("bad_request:input", { message: "You cannot start a chat with yourself." });
  const db = await getDb();
  const other = await db.query.user.findFirst({ where: eq(user.id, otherId), columns: { id: true } });
  if (!other) throw new AppError("not_found:user");
  if (await isBlockedBetween(actor.id, otherId)) throw new AppError("forbidden:blocked");

  const directKey = directKeyOf(actor.id, otherId);
  const id = crypto.randomUUID();
  // One batch is one transaction: the conversation never exists without its two members. The unique
  // direct key turns a concurrent second open into a no-op that re-adds the same members.
  await db.batch([
    db.insert(conversation).values({ id, kind: "direct", directKey, createdBy: actor.id }).onConflictDoNothing(),
    db.run(sql`
      INSERT OR IGNORE INTO conversation_member (conversation_id, user_id)
      SELECT c.id, member.id FROM conversation c, (SELECT ${actor.id} AS id UNION ALL SELECT ${otherId}) AS member
      WHERE c.direct_key = ${directKey}`),
  ]);
  const row = await db.query.conversation.findFirst({ where: eq(conversation.directKey, directKey), columns: { id: true } });
  return row!.id;
}

type SummaryRow = {
  id: string;
  channel_epoch: number;
  last_kind: "text" | "system" | null;
  last_read_message_id: number;
  kind: "direct" | "group" | "public";
  name: string | null;
  created_at: number;
  unread: number;
  last_id: number | null;
  last_body: string | null;
  last_deleted_at: number | null;
  last_created_at: number | null;
  last_sender: string | null;
  peer_id: string | null;
  peer_username: string | null;
  peer_first_name: string | null;
  peer_last_name: string | null;
  peer_avatar_id: string | null;
  avatar_id: string | null;
};

/**
 * Every conversation of the actor, newest activity first, with its last message and unread count.
 * Unread is derived from the member's last-read id and counted over the (conversation, id) index.
 * An empty direct chat is listed only for the person who opened it (but opens for both).
 */
export async function listConversationsForUser(actor: Actor, conversationId?: string): Promise<ConversationSummary[]> {
  const db = await getDb();
  const rows = await db.all<SummaryRow>(sql`
    SELECT c.id, c.kind, c.name, c.created_at, c.channel_epoch, c.avatar_id, m.last_read_message_id, lm.kind AS last_kind,
      ${unreadAfter(sql`c.id`, sql`m.last_read_message_id`, actor.id)} AS unread,
      lm.id AS last_id, lm.body AS last_body, lm.deleted_at AS last_deleted_at,
      lm.created_at AS last_created_at, ls.username AS last_sender,
      p.id AS peer_id, p.username AS peer_username, p.first_name AS peer_first_name, p.last_name AS peer_last_name,
      p.avatar_id AS peer_avatar_id
    FROM conversation_member m
    JOIN conversation c ON c.id = m.conversation_id
    LEFT JOIN message lm ON lm.id = (SELECT max(x.id) FROM message x WHERE x.conversation_id = c.id)
    LEFT JOIN user ls ON ls.id = lm.sender_id
    LEFT JOIN conversation_member pm ON c.kind = 'direct' AND pm.conversation_id = c.id AND pm.user_id <> m.user_id
    LEFT JOIN user p ON p.id = pm.user_id
    WHERE m.user_id = ${actor.id}
      AND (${conversationId ?? null} IS NULL OR c.id = ${conversationId ?? null})
      AND (${conversationId ?? null} IS NOT NULL OR c.kind <> 'direct' OR lm.id IS NOT NULL OR c.created_by = ${actor.id})
      -- A direct chat with someone the actor blocked is hidden from their list until they unblock.
      AND (${conversationId ?? null} IS NOT NULL OR c.kind <> 'direct'
        OR NOT EXISTS (SELECT 1 FROM block b WHERE b.blocker_id = ${actor.id} AND b.blocked_id = pm.user_id))
    ORDER BY coalesce(lm.created_at, c.created_at) DESC, c.id
  `);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.kind === "direct" ? (r.peer_username ?? "Deleted user") : (r.name ?? "Untitled"),
    peer:
      r.peer_id && r.peer_username
        ? {
            id: r.peer_id,
            username: r.peer_username,
            firstName: r.peer_first_name ?? "",
            lastName: r.peer_last_name ?? "",
            avatarId: r.peer_avatar_id,
          }
        : null,
    lastMessage:
      r.last_id === null
        ? null
        : {
            id: r.last_id,
            kind: r.last_kind ?? "text",
            body: r.last_deleted_at === null ? r.last_body : null,
            senderUsername: r.last_sender,
            createdAt: r.last_created_at ?? 0,
          },
    channel: conversationChannel(r.id, r.channel_epoch),
    avatarId: r.kind === "direct" ? r.peer_avatar_id : r.avatar_id,
    unreadCount: Number(r.unread),
    lastReadMessageId: r.last_read_message_id,
    activityAt: r.last_created_at ?? r.created_at,
  }));
}

/** One conversation as the actor sees it, or an AppError if it is unknown or not theirs. */
export async function getConversationForUser(actor: Actor, conversationId: unknown): Promise<ConversationSummary> {
  const id = await requireMembership(actor, conversationId);
  const [summary] = await listConversationsForUser(actor, id);
  return summary!;
}

/** Messages of others after a read position, not deleted: what a member has still to read. */
function unreadAfter(conversationId: SQL | string, lastRead: SQL | number, actorId: string): SQL {
  return sql`(SELECT count(*) FROM message u
    WHERE u.conversation_id = ${conversationId} AND u.id > ${lastRead}
      AND u.deleted_at IS NULL AND (u.sender_id IS NULL OR u.sender_id <> ${actorId}))`;
}

/**
 * Advances the actor's read position to a message of this conversation; never moves it back. When
 * it moved, the other members are told (read receipts) and so are the actor's other tabs and
 * devices (their unread counts). Returns the position now stored and what is still unread after it.
 */
export async function markConversationRead(actor: Actor, conversationId: unknown, messageId: unknown): Promise<ReadPosition> {
  const id = await requireMembership(actor, conversationId);
  const upTo = parseInput(messageIdSchema, messageId);
  const db = await getDb();
  // Only a row that really moves is returned: a mark past the newest message is clamped to it.
  const newest = sql`coalesce((SELECT max(id) FROM message WHERE conversation_id = ${id} AND id <= ${upTo}), 0)`;
  const moved = await db.all<{ last_read_message_id: number }>(sql`
    UPDATE conversation_member SET last_read_message_id = ${newest}
    WHERE conversation_id = ${id} AND user_id = ${actor.id} AND last_read_message_id < ${newest}
    RETURNING last_read_message_id`);
  const [row] = await db.all<{ last_read_message_id: number; unread: number; channel_epoch: number }>(sql`
    SELECT m.last_read_message_id, c.channel_epoch, ${unreadAfter(id, sql`m.last_read_message_id`, actor.id)} AS unread
    FROM conversation_member m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.conversation_id = ${id} AND m.user_id = ${actor.id}`);
  const position = { lastReadMessageId: row?.last_read_message_id ?? 0, unreadCount: Number(row?.unread ?? 0) };
  if (moved.length > 0) {
    await publishAll([
      {
        channels: [conversationChannel(id, row?.channel_epoch ?? 0)],
        event: "conversation.read",
        payload: { conversationId: id, userId: actor.id, username: actor.username, lastReadMessageId: position.lastReadMessageId },
      },
      { channels: [userChannel(actor.id)], event: "conversation.unread", payload: { conversationId: id, ...position } },
    ]);
  }
  return position;
}

/** Every member's read position, for read receipts. */
export async function getReadStates(actor: Actor, conversationId: unknown): Promise<ReadState[]> {
  const id = await requireMembership(actor, conversationId);
  const db = await getDb();
  return db
    .select({ userId: user.id, username: user.username, lastReadMessageId: conversationMember.lastReadMessageId })
    .from(conversationMember)
    .innerJoin(user, eq(user.id, conversationMember.userId))
    .where(eq(conversationMember.conversationId, id));
}
