import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb, type Database } from "@/db";
import { message, reaction, user } from "@/db/schema";
import type { MessageDTO } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { userChannel } from "@/lib/realtime/channels";
import { MAX_EVENT_BYTES, payloadBytes, publish } from "@/lib/realtime/server";
import { firstCharacters } from "@/lib/message-rules";
import {
  characterCount,
  editMessageSchema,
  MAX_MESSAGE_LENGTH,
  messagePageSchema,
  messageRefSchema,
  sendMessageSchema,
} from "@/lib/validations/message";
import { parseInput } from "@/lib/validations/parse";
import { assertDirectChatAllowed } from "./blocks";
import { currentChannel, listMemberIds, requireMembership } from "./conversations";
import { takeRateLimits } from "./rate-limit";
import type { Actor } from "./users";

const replied = alias(message, "replied");
const repliedSender = alias(user, "replied_sender");
const REPLY_SNIPPET = 140;
const PREVIEW_LENGTH = 120;

function selectMessages(db: Database) {
  return db
    .select({
      id: message.id,
      conversationId: message.conversationId,
      clientId: message.clientId,
      kind: message.kind,
      body: message.body,
      senderId: message.senderId,
      senderUsername: user.username,
      createdAt: message.createdAt,
      editedAt: message.editedAt,
      deletedAt: message.deletedAt,
      replyId: replied.id,
      replyBody: replied.body,
      replyDeletedAt: replied.deletedAt,
      replySender: repliedSender.username,
    })
    .from(message)
    .leftJoin(user, eq(user.id, message.senderId))
    .leftJoin(replied, eq(replied.id, message.replyToId))
    .leftJoin(repliedSender, eq(repliedSender.id, replied.senderId))
    .$dynamic();
}

type Row = Awaited<ReturnType<ReturnType<typeof selectMessages>["all"]>>[number];

/** Reactions of many messages in one query, grouped by message then emoji in first-reacted order. */
export async function reactionsFor(messageIds: number[]): Promise<Map<number, MessageDTO["reactions"]>> {
  const grouped = new Map<number, MessageDTO["reactions"]>();
  if (messageIds.length === 0) return grouped;
  const db = await getDb();
  const rows = await db
    .select({ messageId: reaction.messageId, emoji: reaction.emoji, username: user.username })
    .from(reaction)
    .innerJoin(user, eq(user.id, reaction.userId))
    .where(inArray(reaction.messageId, messageIds))
    .orderBy(asc(reaction.createdAt), asc(reaction.userId));
  for (const row of rows) {
    const list = grouped.get(row.messageId) ?? [];
    grouped.set(row.messageId, list);
    const entry = list.find((r) => r.emoji === row.emoji);
    if (entry) entry.users.push(row.username);
    else list.push({ emoji: row.emoji, users: [row.username] });
  }
  return grouped;
}

/** Rows to DTOs, with the reactions of all of them fetched in one query. */
async function toDTOs(rows: Row[]): Promise<MessageDTO[]> {
  const reactions = await reactionsFor(rows.map((r) => r.id));
  return rows.map((r) => {
    const deleted = r.deletedAt !== null;
    return {
      id: r.id,
      conversationId: r.conversationId,
      clientId: r.clientId,
      kind: r.kind,
      body: deleted ? null : r.body,
      sender: r.senderId && r.senderUsername ? { id: r.senderId, username: r.senderUsername } : null,
      replyTo:
        r.replyId === null
          ? null
          : {
              id: r.replyId,
              body: r.replyDeletedAt === null && r.replyBody !== null ? firstCharacters(r.replyBody, REPLY_SNIPPET) : null,
              senderUsername: r.replySender,
            },
      createdAt: r.createdAt.getTime(),
      editedAt: r.editedAt?.getTime() ?? null,
      deletedAt: r.deletedAt?.getTime() ?? null,
      reactions: deleted ? [] : (reactions.get(r.id) ?? []),
    };
  });
}

/** One message as its conversation's members see it. */
export async function loadMessage(messageId: number): Promise<MessageDTO | null> {
  const db = await getDb();
  const row = await selectMessages(db).where(eq(message.id, messageId)).get();
  return row ? (await toDTOs([row]))[0]! : null;
}

/**
 * Stores a message once per (sender, clientId) and then publishes it. A retry, a double click or a
 * resend after a lost response returns the original and publishes nothing new.
 */
export async function sendMessage(actor: Actor, input: unknown): Promise<{ message: MessageDTO; created: boolean }> {
  if (isTooLong(input)) throw new AppError("payload_too_large:message");
  const { conversationId, clientId, body, replyTo } = parseInput(sendMessageSchema, input);
  await requireMembership(actor, conversationId);
  await assertDirectChatAllowed(actor, conversationId);
  const db = await getDb();

  // Idempotency before the limit: a client asking again after a lost answer gets its stored
  // message back however fast it has been sending, and only new messages are counted.
  const earlier = await db.query.message.findFirst({
    where: and(eq(message.senderId, actor.id), eq(message.clientId, clientId)),
    columns: { id: true },
  });
  if (!earlier) await takeRateLimits([{ name: "messagesUser", subject: actor.id }]);

  if (replyTo !== undefined) {
    const original = await db.query.message.findFirst({
      where: and(eq(message.id, replyTo), eq(message.conversationId, conversationId)),
      columns: { id: true },
    });
    if (!original) throw new AppError("bad_request:input", { message: "You can only reply to a message in this chat." });
  }

  const inserted = await db
    .insert(message)
    .values({ conversationId, senderId: actor.id, clientId, body, replyToId: replyTo })
    .onConflictDoNothing({ target: [message.senderId, message.clientId] })
    .returning({ id: message.id });
  const created = inserted.length > 0;

  const row = await selectMessages(db).where(and(eq(message.senderId, actor.id), eq(message.clientId, clientId))).get();
  const [stored] = await toDTOs([row!]);
  if (stored!.conversationId !== conversationId) {
    throw new AppError("bad_request:input", { message: "This clientId was already used for another message." });
  }
  // A retry is announced again: the attempt that stored it may have died (the server killed) after
  // the commit and before the publish, and receivers ignore an id they already hold.
  await announceNew(stored!);
  return { message: stored!, created };
}

/** A line in the history recording a change ("ana added ben"), published like any message. */
export async function postSystemMessage(actor: Actor, conversationId: string, body: string): Promise<MessageDTO> {
  const db = await getDb();
  const [row] = await db
    .insert(message)
    .values({ conversationId, senderId: actor.id, clientId: crypto.randomUUID(), kind: "system", body })
    .returning({ id: message.id });
  const stored = (await loadMessage(row!.id))!;
  await announceNew(stored);
  return stored;
}

async function announceNew(stored: MessageDTO): Promise<void> {
  const members = await listMemberIds(stored.conversationId);
  await Promise.all([
    publishMessage("message.created", stored),
    publish(members.map(userChannel), "conversation.activity", {
      change: "created",
      conversationId: stored.conversationId,
      messageId: stored.id,
      kind: stored.kind,
      createdAt: stored.createdAt,
      preview: {
        senderId: stored.sender?.id ?? null,
        senderUsername: stored.sender?.username ?? null,
        body: firstCharacters(stored.body ?? "", PREVIEW_LENGTH),
      },
    }),
  ]);
}

/** A message event on its conversation's channel; one too large for an event is announced by id. */
export async function publishMessage(event: "message.created" | "message.updated", stored: MessageDTO): Promise<void> {
  const payload =
    payloadBytes(stored) <= MAX_EVENT_BYTES
      ? stored
      : { partial: true as const, id: stored.id, conversationId: stored.conversationId };
  await publish([await currentChannel(stored.conversationId)], event, payload);
}

function isTooLong(input: unknown): boolean {
  return (
    typeof input === "object" &&
    input !== null &&
    "body" in input &&
    typeof input.body === "string" &&
    characterCount(input.body) > MAX_MESSAGE_LENGTH
  );
}

/** The actor's own, not yet deleted text message, or an AppError. */
async function requireOwnMessage(actor: Actor, messageId: number) {
  const db = await getDb();
  const found = await db.query.message.findFirst({ where: eq(message.id, messageId) });
  if (!found) throw new AppError("not_found:message");
  await requireMembership(actor, found.conversationId);
  if (found.senderId !== actor.id || found.kind !== "text") throw new AppError("forbidden:message");
  if (found.deletedAt) throw new AppError("not_found:message", { message: "This message was deleted." });
  return found;
}

export async function editMessage(actor: Actor, input: unknown): Promise<MessageDTO> {
  if (isTooLong(input)) throw new AppError("payload_too_large:message");
  const { messageId, body } = parseInput(editMessageSchema, input);
  const found = await requireOwnMessage(actor, messageId);
  if (found.body !== body) {
    const db = await getDb();
    await db.update(message).set({ body, editedAt: new Date() }).where(and(eq(message.id, messageId), isNull(message.deletedAt)));
  }
  const updated = (await loadMessage(messageId))!;
  await publishMessage("message.updated", updated);
  return updated;
}

/** Leaves a "message deleted" placeholder: the row stays so that order and replies hold. */
export async function deleteMessage(actor: Actor, input: unknown): Promise<MessageDTO> {
  const { messageId } = parseInput(messageRefSchema, input);
  await requireOwnMessage(actor, messageId);
  const db = await getDb();
  await db.update(message).set({ deletedAt: new Date() }).where(and(eq(message.id, messageId), isNull(message.deletedAt)));
  const updated = (await loadMessage(messageId))!;
  await publishMessage("message.updated", updated);
  const members = await listMemberIds(updated.conversationId);
  await publish(members.map(userChannel), "conversation.activity", {
    change: "deleted",
    conversationId: updated.conversationId,
    messageId: updated.id,
    senderId: actor.id,
  });
  return updated;
}

/**
 * A page of messages in ascending id order: the newest `limit`, the `limit` before a cursor
 * (scrolling back), up to `limit` after a cursor (catching up, scrolling forward), or a page
 * centred on one message (opening a search result).
 */
export async function getMessagesPage(
  actor: Actor,
  conversationId: unknown,
  query: unknown = {},
): Promise<{ messages: MessageDTO[]; hasMore: boolean; hasNewer: boolean }> {
  const id = await requireMembership(actor, conversationId);
  const { before, after, around, limit } = parseInput(messagePageSchema, query);
  const db = await getDb();
  const inConversation = eq(message.conversationId, id);

  if (after !== undefined) {
    const rows = await selectMessages(db).where(and(inConversation, gt(message.id, after))).orderBy(asc(message.id)).limit(limit + 1);
    return { messages: await toDTOs(rows.slice(0, limit)), hasMore: rows.length > limit, hasNewer: rows.length > limit };
  }
  if (around !== undefined) {
    const half = Math.floor(limit / 2);
    const [older, newer] = await Promise.all([
      selectMessages(db).where(and(inConversation, lt(message.id, around))).orderBy(desc(message.id)).limit(half + 1),
      selectMessages(db).where(and(inConversation, gte(message.id, around))).orderBy(asc(message.id)).limit(limit - half + 1),
    ]);
    const rows = [...older.slice(0, half).reverse(), ...newer.slice(0, limit - half)];
    return { messages: await toDTOs(rows), hasMore: older.length > half, hasNewer: newer.length > limit - half };
  }
  const rows = await selectMessages(db)
    .where(before === undefined ? inConversation : and(inConversation, lt(message.id, before)))
    .orderBy(desc(message.id))
    .limit(limit + 1);
  return { messages: await toDTOs(rows.slice(0, limit).reverse()), hasMore: rows.length > limit, hasNewer: false };
}

/** Messages by id, for the conversations the actor belongs to only. */
export async function getMessagesByIds(actor: Actor, conversationId: string, ids: number[]): Promise<MessageDTO[]> {
  const id = await requireMembership(actor, conversationId);
  if (ids.length === 0) return [];
  const db = await getDb();
  const rows = await selectMessages(db)
    .where(and(eq(message.conversationId, id), inArray(message.id, ids)))
    .orderBy(asc(message.id));
  return toDTOs(rows);
}
