import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { withAttachmentLabel } from "@/lib/attachments/label";
import { conversation, conversationMember, user } from "@/db/schema";
import { displayName } from "@/lib/display-name";
import type { ConversationPage, ConversationSummary, ReadPosition, ReadState, UserSummary } from "@/lib/dto";
import { formatListCursor } from "@/lib/list-cursor";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { publishAll } from "@/lib/realtime/server";
import { AppError } from "@/lib/errors";
import { conversationListSchema } from "@/lib/validations/conversation";
import { conversationIdSchema, messageIdSchema, userIdSchema } from "@/lib/validations/ids";
import { parseInput } from "@/lib/validations/parse";
import { takeRateLimits } from "./rate-limit";
import { summaryColumns, type Actor } from "./users";
import { containing, likeAny } from "./like";
import { mentionText } from "@/lib/mentions";
import { mentionsFor } from "./internal/mentions";
import { blockBetween, isBlockedBetween } from "./internal/blocks";
import { isMember } from "./internal/membership";

/** 404 for an unknown conversation, 403 for one the actor is not in. */
export async function requireMembership(actor: Actor, conversationId: unknown): Promise<string> {
  const id = parseInput(conversationIdSchema, conversationId);
  if (await isMember(id, actor.id)) return id;
  const db = await getDb();
  const exists = await db.query.conversation.findFirst({ where: eq(conversation.id, id), columns: { id: true } });
  throw new AppError(exists ? "forbidden:conversation" : "not_found:conversation");
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
    JOIN block b ON ${blockBetween(actor.id, sql`o.user_id`)}
    WHERE c.id = ${conversationId} AND c.kind = 'direct'
    LIMIT 1`);
  if (row) throw new AppError("forbidden:blocked");
}

/**
 * Refuses a change in an archived room (sends, edits, reactions, pins, uploads): its history stays
 * readable, but it is read-only until an admin unarchives it.
 */
export async function assertNotArchived(conversationId: string): Promise<void> {
  const db = await getDb();
  const row = await db.query.conversation.findFirst({ where: eq(conversation.id, conversationId), columns: { archivedAt: true } });
  if (row?.archivedAt) throw new AppError("conflict:archived");
}

/**
 * Whether the actor may delete anyone's message in this conversation: a moderator of this public
 * room, or a server admin who is a member of it. Never in groups or direct chats, which are their
 * members' own (an admin acts on what is reported there, on /admin).
 */
export async function mayModerate(actor: Actor, conversationId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.all<{ allowed: number }>(sql`
    SELECT 1 AS allowed FROM conversation c
    JOIN conversation_member m ON m.conversation_id = c.id AND m.user_id = ${actor.id}
    JOIN user u ON u.id = m.user_id
    WHERE c.id = ${conversationId} AND c.kind = 'public'
      AND u.deactivated_at IS NULL AND (m.role = 'moderator' OR u.role = 'admin')`);
  return row !== undefined;
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
  archived_at: number | null;
  unread_count: number;
  mention_count: number;
  muted_until: number | null;
  activity_at: number;
  last_id: number | null;
  last_body: string | null;
  last_attachment_label: string | null;
  last_deleted_at: number | null;
  last_created_at: number | null;
  last_sender: string | null;
  peer_id: string | null;
  peer_username: string | null;
  peer_first_name: string | null;
  peer_last_name: string | null;
  peer_avatar_id: string | null;
  peer_deactivated_at: number | null;
  avatar_id: string | null;
};

/**
 * The actor's conversations that `where` selects, newest activity first. Every column comes from
 * the member row and a fixed number of lookups by key (the summary the triggers of migration 0005
 * keep), so a row costs the same however long the conversation and however many the actor has.
 */
async function summaries(actor: Actor, where: SQL, limit: number): Promise<ConversationSummary[]> {
  const db = await getDb();
  const rows = await db.all<SummaryRow>(sql`
    SELECT c.id, c.kind, c.name, c.archived_at, c.channel_epoch, c.avatar_id, m.last_read_message_id, m.unread_count, m.mention_count, m.muted_until, m.activity_at,
      lm.id AS last_id, lm.kind AS last_kind, lm.body AS last_body, lm.attachment_label AS last_attachment_label, lm.deleted_at AS last_deleted_at,
      lm.created_at AS last_created_at, ls.username AS last_sender,
      p.id AS peer_id, p.username AS peer_username, p.first_name AS peer_first_name, p.last_name AS peer_last_name,
      p.avatar_id AS peer_avatar_id, p.deactivated_at AS peer_deactivated_at
    FROM conversation_member m
    JOIN conversation c ON c.id = m.conversation_id
    LEFT JOIN message lm ON lm.id = c.last_message_id
    LEFT JOIN user ls ON ls.id = lm.sender_id
    LEFT JOIN conversation_member pm ON c.kind = 'direct' AND pm.conversation_id = c.id AND pm.user_id <> m.user_id
    LEFT JOIN user p ON p.id = pm.user_id
    WHERE m.user_id = ${actor.id} AND ${where}
    ORDER BY m.activity_at DESC, m.conversation_id DESC
    LIMIT ${limit}
  `);
  // Previews say mentions as "@Name": the mentions of the last messages that have any, in one query.
  const mentions = await mentionsFor(rows.flatMap((r) => (r.last_id !== null && r.last_body?.includes("@[") ? [r.last_id] : [])));
  return rows.map((r) => toSummary(r.last_id !== null && r.last_body !== null ? { ...r, last_body: mentionText(r.last_body, mentions.get(r.last_id)) } : r));
}

function toSummary(r: SummaryRow): ConversationSummary {
  const peer: UserSummary | null =
    r.peer_id && r.peer_username
      ? {
          id: r.peer_id,
          username: r.peer_username,
          firstName: r.peer_first_name ?? "",
          lastName: r.peer_last_name ?? "",
          avatarId: r.peer_avatar_id,
          deactivated: r.peer_deactivated_at !== null,
        }
      : null;
  return {
    id: r.id,
    kind: r.kind,
    title: r.kind === "direct" ? (peer ? displayName(peer) : "Deleted user") : (r.name ?? "Untitled"),
    peer,
    archived: r.archived_at !== null,
    lastMessage:
      r.last_id === null
        ? null
        : {
            id: r.last_id,
            kind: r.last_kind ?? "text",
            body: r.last_deleted_at === null ? withAttachmentLabel(r.last_attachment_label, r.last_body) : null,
            senderUsername: r.last_sender,
            createdAt: Math.floor(r.last_created_at ?? 0),
          },
    channel: conversationChannel(r.id, r.channel_epoch),
    avatarId: r.kind === "direct" ? r.peer_avatar_id : r.avatar_id,
    unreadCount: r.unread_count,
    mentionCount: r.mention_count,
    mutedUntil: r.muted_until,
    lastReadMessageId: r.last_read_message_id,
    activityAt: r.activity_at,
  };
}

/**
 * What a list shows of a chat: an empty direct chat only for the person who opened it (it opens for
 * both), and a direct chat with someone the actor blocked not at all until they unblock.
 */
function listed(actor: Actor): SQL {
  return sql`(c.kind <> 'direct' OR c.last_message_id IS NOT NULL OR c.created_by = ${actor.id})
    AND (c.kind <> 'direct' OR NOT EXISTS (SELECT 1 FROM block b WHERE b.blocker_id = ${actor.id} AND b.blocked_id = pm.user_id))`;
}

/** A chat's title or its person's names, as typed: any part, letter case aside (LIKE folds ASCII). */
function titleMatches(q: string): SQL {
  return likeAny([sql`c.name`, sql`p.username`, sql`(p.first_name || ' ' || p.last_name)`], containing(q));
}

/**
 * A page of the actor's chat list, newest activity first: the first page, the one after a cursor
 * (`next` of the page before), or those whose title or person matches `q`. With the first page
 * comes the unread total over all the actor's chats, for the tab title.
 */
export async function listConversationPage(actor: Actor, input: unknown = {}): Promise<ConversationPage> {
  const { before, limit, q } = parseInput(conversationListSchema, input);
  if (q) await takeRateLimits([{ name: "chatSearchUser", subject: actor.id }]);
  const after = before ? sql`(m.activity_at, m.conversation_id) < (${before.activityAt}, ${before.id})` : sql`1`;
  const [page, unreadTotal] = await Promise.all([
    summaries(actor, sql`${after} AND ${listed(actor)} AND ${q ? titleMatches(q) : sql`1`}`, limit + 1),
    countUnread(actor),
  ]);
  const conversations = page.slice(0, limit);
  const last = conversations.at(-1);
  return {
    conversations,
    next: page.length > limit && last ? formatListCursor({ activityAt: last.activityAt, id: last.id }) : null,
    unreadTotal,
  };
}

/** One conversation as the actor sees it, or an AppError if it is unknown or not theirs. */
export async function getConversationForUser(actor: Actor, conversationId: unknown): Promise<ConversationSummary> {
  const id = await requireMembership(actor, conversationId);
  const [summary] = await summaries(actor, sql`m.conversation_id = ${id}`, 1);
  return summary!;
}

/**
 * Everything unread across the actor's listed chats, the tab title's count: the total the triggers
 * of migration 0009 keep, less what is unread in the direct chats of people the actor blocked (the
 * list hides those), in public rooms and in the chats they muted. Public rooms (General, which
 * everyone is in) show their own count in the list but stay out of the total: a busy room where no
 * one is talking to you would keep every tab's title counting. One lookup, and one more per block,
 * per public room and per muted chat, however many chats the actor has and however many are unread.
 */
export async function countUnread(actor: Actor): Promise<number> {
  const db = await getDb();
  const blockedChat = (c: SQL) => sql`EXISTS (SELECT 1 FROM block b WHERE b.blocker_id = ${actor.id}
    AND ${c}.direct_key = ${directKeySql(sql`b.blocker_id`, sql`b.blocked_id`)})`;
  // Muted chats count no more than hidden ones (the partial index of migration 0010 holds only
  // muted rows); a muted chat with someone blocked is taken off once.
  const [row] = await db.all<{ total: number }>(sql`
    SELECT coalesce((SELECT total FROM user_unread WHERE user_id = ${actor.id}), 0)
      - coalesce((SELECT sum(m.unread_count) FROM block b
          JOIN conversation c ON c.direct_key = ${directKeySql(sql`b.blocker_id`, sql`b.blocked_id`)}
          JOIN conversation_member m ON m.conversation_id = c.id AND m.user_id = b.blocker_id
          WHERE b.blocker_id = ${actor.id}), 0)
      - coalesce((SELECT sum(m.unread_count) FROM conversation r
          JOIN conversation_member m ON m.conversation_id = r.id AND m.user_id = ${actor.id}
          WHERE r.kind = 'public'), 0)
      - coalesce((SELECT sum(m.unread_count) FROM conversation_member m JOIN conversation mc ON mc.id = m.conversation_id
          WHERE m.user_id = ${actor.id} AND m.muted_until IS NOT NULL AND m.muted_until > ${Date.now()}
            AND mc.kind <> 'public' AND NOT ${blockedChat(sql`mc`)}), 0) AS total`);
  return Number(row?.total ?? 0);
}

/** `directKeyOf` in SQL: ids are ASCII, so SQLite's byte order sorts them as JavaScript does. */
function directKeySql(a: SQL, b: SQL): SQL {
  return sql`(CASE WHEN ${a} < ${b} THEN ${a} || ':' || ${b} ELSE ${b} || ':' || ${a} END)`;
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
  const [[row], unreadTotal] = await Promise.all([
    db.all<{ last_read_message_id: number; unread_count: number; mention_count: number; channel_epoch: number }>(sql`
      SELECT m.last_read_message_id, m.unread_count, m.mention_count, c.channel_epoch
      FROM conversation_member m JOIN conversation c ON c.id = m.conversation_id
      WHERE m.conversation_id = ${id} AND m.user_id = ${actor.id}`),
    countUnread(actor),
  ]);
  const position = {
    lastReadMessageId: row?.last_read_message_id ?? 0,
    unreadCount: row?.unread_count ?? 0,
    unreadTotal,
    mentionCount: row?.mention_count ?? 0,
  };
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

/**
 * The chat's members as they name themselves, with how far each has read: what the open chat shows
 * senders, quotes, reactions, typing and receipts by. Read once when the chat opens, then kept live
 * by events (member.updated, conversation.read), so no message carries its sender's names.
 */
export async function getChatMembers(actor: Actor, conversationId: unknown): Promise<{ members: UserSummary[]; readStates: ReadState[] }> {
  const id = await requireMembership(actor, conversationId);
  const db = await getDb();
  const rows = await db
    .select({ member: summaryColumns, lastReadMessageId: conversationMember.lastReadMessageId })
    .from(conversationMember)
    .innerJoin(user, eq(user.id, conversationMember.userId))
    .where(eq(conversationMember.conversationId, id));
  return {
    members: rows.map((r) => r.member),
    readStates: rows.map((r) => ({ userId: r.member.id, username: r.member.username, lastReadMessageId: r.lastReadMessageId })),
  };
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
