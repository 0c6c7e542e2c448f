import "server-only";
import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb, type Database } from "@/db";
import { message, user } from "@/db/schema";
import type { MessageDTO } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { MAX_EVENT_BYTES, payloadBytes, publish } from "@/lib/realtime/server";
import { MAX_MESSAGE_LENGTH, messagePageSchema, sendMessageSchema } from "@/lib/validations/message";
import { parseInput } from "@/lib/validations/parse";
import { assertDirectChatAllowed } from "./blocks";
import { listMemberIds, requireMembership } from "./conversations";
import type { Actor } from "./users";

const replied = alias(message, "replied");
const repliedSender = alias(user, "replied_sender");

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

const REPLY_SNIPPET = 140;

function toDTO(r: Row): MessageDTO {
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
            body: r.replyDeletedAt === null && r.replyBody !== null ? r.replyBody.slice(0, REPLY_SNIPPET) : null,
            senderUsername: r.replySender,
          },
    createdAt: r.createdAt.getTime(),
    editedAt: r.editedAt?.getTime() ?? null,
    deletedAt: r.deletedAt?.getTime() ?? null,
  };
}

/**
 * Stores a message once per (sender, clientId) and then publishes it. A retry, a double click or a
 * resend after a lost response returns the original and publishes nothing new.
 */
export async function sendMessage(
  actor: Actor,
  input: unknown,
): Promise<{ message: MessageDTO; created: boolean }> {
  if (isTooLong(input)) throw new AppError("payload_too_large:message");
  const { conversationId, clientId, body, replyTo } = parseInput(sendMessageSchema, input);
  await requireMembership(actor, conversationId);
  await assertDirectChatAllowed(actor, conversationId);
  const db = await getDb();

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
  const stored = toDTO(row!);
  if (stored.conversationId !== conversationId) {
    throw new AppError("bad_request:input", { message: "This clientId was already used for another message." });
  }
  if (created) await announce(stored);
  return { message: stored, created };
}

async function announce(stored: MessageDTO): Promise<void> {
  const payload = payloadBytes(stored) <= MAX_EVENT_BYTES
    ? stored
    : { partial: true as const, id: stored.id, conversationId: stored.conversationId };
  const members = await listMemberIds(stored.conversationId);
  await Promise.all([
    publish([conversationChannel(stored.conversationId)], "message.created", payload),
    publish(members.map(userChannel), "conversation.activity", {
      conversationId: stored.conversationId,
      messageId: stored.id,
    }),
  ]);
}

function isTooLong(input: unknown): boolean {
  return (
    typeof input === "object" &&
    input !== null &&
    "body" in input &&
    typeof input.body === "string" &&
    input.body.length > MAX_MESSAGE_LENGTH
  );
}

/**
 * A page of messages in ascending id order: the newest `limit`, the `limit` before a cursor (scrolling
 * back), or everything after a cursor up to `limit` (catching up).
 */
export async function getMessagesPage(
  actor: Actor,
  conversationId: unknown,
  query: unknown = {},
): Promise<{ messages: MessageDTO[]; hasMore: boolean }> {
  const id = await requireMembership(actor, conversationId);
  const { before, after, limit } = parseInput(messagePageSchema, query);
  const base = selectMessages(await getDb());
  const inConversation = eq(message.conversationId, id);
  if (after !== undefined) {
    const rows = await base.where(and(inConversation, gt(message.id, after))).orderBy(asc(message.id)).limit(limit + 1);
    return { messages: rows.slice(0, limit).map(toDTO), hasMore: rows.length > limit };
  }
  const rows = await base
    .where(before === undefined ? inConversation : and(inConversation, lt(message.id, before)))
    .orderBy(desc(message.id))
    .limit(limit + 1);
  return { messages: rows.slice(0, limit).reverse().map(toDTO), hasMore: rows.length > limit };
}
