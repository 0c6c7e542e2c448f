import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb, type Database } from "@/db";
import { message, reaction, user } from "@/db/schema";
import { displayName } from "@/lib/display-name";
import type { MessageDTO } from "@/lib/dto";
import { mentionText } from "@/lib/mentions";
import { firstCharacters } from "@/lib/message-rules";
import { attachmentsFor } from "./attachments";
import { mentionsFor } from "./mentions";

// How a stored message reads, for the DAL's own use: these take no acting user, so the caller has
// already checked that the reader may see the message (lib/dal/messages.ts, lib/dal/reactions.ts).

const replied = alias(message, "replied");
const repliedSender = alias(user, "replied_sender");
const forwardedSender = alias(user, "forwarded_sender");
export const REPLY_SNIPPET = 140;

export function selectMessages(db: Database) {
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
      forwarded: message.forwarded,
      forwardedFromId: forwardedSender.id,
      forwardedFromUsername: forwardedSender.username,
      forwardedFromFirstName: forwardedSender.firstName,
      forwardedFromLastName: forwardedSender.lastName,
    })
    .from(message)
    .leftJoin(user, eq(user.id, message.senderId))
    .leftJoin(replied, eq(replied.id, message.replyToId))
    .leftJoin(repliedSender, eq(repliedSender.id, replied.senderId))
    .leftJoin(forwardedSender, eq(forwardedSender.id, message.forwardedFromId))
    .$dynamic();
}

export type MessageRow = Awaited<ReturnType<ReturnType<typeof selectMessages>["all"]>>[number];

/** Reactions of many messages in one query, grouped by message then emoji in first-reacted order. */
async function reactionsFor(messageIds: number[]): Promise<Map<number, MessageDTO["reactions"]>> {
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
export async function toDTOs(rows: MessageRow[]): Promise<MessageDTO[]> {
  const ids = rows.map((r) => r.id);
  const replyIds = rows.flatMap((r) => (r.replyId === null ? [] : [r.replyId]));
  const [reactions, files, mentions] = await Promise.all([reactionsFor(ids), attachmentsFor(ids), mentionsFor([...ids, ...replyIds])]);
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
              body:
                r.replyDeletedAt === null && r.replyBody !== null ? firstCharacters(mentionText(r.replyBody, mentions.get(r.replyId)), REPLY_SNIPPET) : null,
              senderUsername: r.replySender,
            },
      forwardedFrom: r.forwarded
        ? {
            sender:
              r.forwardedFromId && r.forwardedFromUsername
                ? {
                    id: r.forwardedFromId,
                    username: r.forwardedFromUsername,
                    name: displayName({
                      username: r.forwardedFromUsername,
                      firstName: r.forwardedFromFirstName ?? "",
                      lastName: r.forwardedFromLastName ?? "",
                    }),
                  }
                : null,
          }
        : null,
      createdAt: r.createdAt.getTime(),
      editedAt: r.editedAt?.getTime() ?? null,
      deletedAt: r.deletedAt?.getTime() ?? null,
      reactions: deleted ? [] : (reactions.get(r.id) ?? []),
      attachments: deleted ? [] : (files.get(r.id) ?? []),
      mentions: deleted ? [] : (mentions.get(r.id) ?? []),
    };
  });
}

/** One message as its conversation's members see it. */
export async function loadMessage(messageId: number): Promise<MessageDTO | null> {
  const db = await getDb();
  const row = await selectMessages(db).where(eq(message.id, messageId)).get();
  return row ? (await toDTOs([row]))[0]! : null;
}
