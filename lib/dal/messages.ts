import "server-only";
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, gte, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { message, user } from "@/db/schema";
import type { MentionDTO, MessageDTO } from "@/lib/dto";
import { mentionIdsIn, mentionText } from "@/lib/mentions";
import { AppError } from "@/lib/errors";
import { GroupCommit } from "@/db/group-commit";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import type { PartialMessage } from "@/lib/realtime/events";
import { notifyNewMessages, type NewMessage } from "@/lib/push/notify";
import { MAX_EVENT_BYTES, payloadBytes, publish, publishAll, type Publication } from "@/lib/realtime/server";
import { firstCharacters } from "@/lib/message-rules";
import { displayName } from "@/lib/display-name";
import { attachmentLabel, withAttachmentLabel } from "@/lib/attachments/label";
import { env } from "@/lib/env";
import {
  characterCount,
  editMessageSchema,
  forwardMessageSchema,
  MAX_MESSAGE_LENGTH,
  messagePageSchema,
  messageRefSchema,
  sendMessageSchema,
} from "@/lib/validations/message";
import { parseInput } from "@/lib/validations/parse";
import { deleteMessageFiles } from "./attachments";
import { attachmentsFor } from "./internal/attachments";
import { YOU_BLOCKED } from "./blocks";
import { audit } from "./audit";
import { assertNotArchived, assertNotBlockedChat, mayModerate, requireMembership } from "./conversations";
import { blockBetweenColumns } from "./internal/blocks";
import { currentChannel, listMemberIds } from "./internal/membership";
import { loadMessage, REPLY_SNIPPET, selectMessages, toDTOs } from "./internal/messages";
import { mentionsFor, toMention } from "./internal/mentions";
import { takeRateLimits } from "./rate-limit";
import { writeSends, type SendDraft } from "./internal/message-writer";
import type { Actor } from "./users";

const PREVIEW_LENGTH = 120;

/** Who sends: an actor, or a session's claims whose version sendMessage checks in its one read. */
export type Sender = { id: string; sessionVersion?: number };

type SendContext = {
  sender: { id: string; username: string };
  conversationKind: "direct" | "group" | "public";
  memberIds: string[];
  replyTo: MessageDTO["replyTo"];
  forwardedFrom: MessageDTO["forwardedFrom"];
  /** The members the body's tokens name, as they are named now (none in a direct chat). */
  mentions: MentionDTO[];
};

const SENDER_BLOCK = blockBetweenColumns("u.id", "o.user_id");

/**
 * Everything a send needs to know, in one read: that the session is current, the sender a member,
 * no block stands between the two people of a direct chat, the message replied to is in this chat,
 * and who is to be told.
 */
async function readSendContext(sender: Sender, conversationId: string, replyTo: number | undefined, mentionIds: string[] = []): Promise<SendContext> {
  const db = await getDb();
  const { rows } = await db.$client.execute({
    sql: `SELECT u.username, u.session_version, c.id AS conversation_id, c.kind AS conversation_kind, c.archived_at,
        (SELECT 1 FROM conversation_member m WHERE m.conversation_id = c.id AND m.user_id = u.id) AS member,
        (SELECT group_concat(m.user_id) FROM conversation_member m WHERE m.conversation_id = c.id) AS member_ids,
        (SELECT b.blocker_id FROM conversation_member o
          JOIN block b ON ${SENDER_BLOCK}
          WHERE c.kind = 'direct' AND o.conversation_id = c.id AND o.user_id <> u.id LIMIT 1) AS blocker_id,
        r.id AS reply_id, r.body AS reply_body, r.deleted_at AS reply_deleted_at, rs.username AS reply_sender,
        (SELECT json_group_array(json_object('user_id', mm.user_id, 'username', mu.username, 'first_name', mu.first_name, 'last_name', mu.last_name))
          FROM message_mention mm LEFT JOIN user mu ON mu.id = mm.user_id WHERE mm.message_id = r.id) AS reply_mentions,
        (SELECT json_group_array(json_object('user_id', mu.id, 'username', mu.username, 'first_name', mu.first_name, 'last_name', mu.last_name))
          FROM json_each(?4) j JOIN conversation_member mm ON mm.conversation_id = c.id AND mm.user_id = j.value
          JOIN user mu ON mu.id = j.value WHERE c.kind <> 'direct') AS mentioned
      FROM user u
      LEFT JOIN conversation c ON c.id = ?2
      LEFT JOIN message r ON r.id = ?3 AND r.conversation_id = c.id
      LEFT JOIN user rs ON rs.id = r.sender_id
      WHERE u.id = ?1`,
    args: [sender.id, conversationId, replyTo ?? null, JSON.stringify(mentionIds)],
  });
  const row = rows[0];
  if (!row || (sender.sessionVersion !== undefined && Number(row.session_version) !== sender.sessionVersion)) {
    throw new AppError("unauthorized:session");
  }
  if (row.conversation_id === null) throw new AppError("not_found:conversation");
  if (row.member === null) throw new AppError("forbidden:conversation");
  if (row.archived_at !== null) throw new AppError("conflict:archived");
  if (row.blocker_id !== null) throw new AppError("forbidden:blocked", row.blocker_id === sender.id ? { message: YOU_BLOCKED } : {});
  if (replyTo !== undefined && row.reply_id === null) {
    throw new AppError("bad_request:input", { message: "You can only reply to a message in this chat." });
  }
  return {
    sender: { id: sender.id, username: row.username as string },
    conversationKind: row.conversation_kind as SendContext["conversationKind"],
    memberIds: (row.member_ids as string).split(","),
    replyTo:
      replyTo === undefined
        ? null
        : {
            id: replyTo,
            body: row.reply_deleted_at === null ? firstCharacters(mentionText(row.reply_body as string, mentionRows(row.reply_mentions)), REPLY_SNIPPET) : null,
            senderUsername: row.reply_sender as string | null,
          },
    forwardedFrom: null,
    mentions: mentionRows(row.mentioned),
  };
}

/** A JSON array of mention rows that SQLite built (json_group_array), as DTOs. */
function mentionRows(json: unknown): MentionDTO[] {
  if (typeof json !== "string") return [];
  return (JSON.parse(json) as Parameters<typeof toMention>[0][]).map(toMention);
}

type SendJob = SendDraft & { context: SendContext };
type Sent = { message: MessageDTO; created: boolean };
type SendResult = (Sent & { published: Promise<void> }) | { error: unknown };

// A retry is announced again while it is this recent: the attempt that stored it may have died (the
// server killed) after the commit and before the publish, and receivers ignore an id they hold. An
// old one was announced long ago; announcing it again would only wake every member's browser.
const ANNOUNCE_RETRIES_FOR_MS = 10 * 60_000;

/**
 * One batch of sends (see GroupCommit): one transaction stores them all, then their events go out
 * together in as few realtime calls as the server allows, while the next batch is already writing.
 */
async function commitSends(jobs: SendJob[]): Promise<SendResult[]> {
  const now = Date.now();
  const written = await writeSends(jobs, now);
  const results: (Sent | { error: unknown })[] = [];
  const publications: Publication[] = [];
  for (const [i, w] of written.entries()) {
    const job = jobs[i]!;
    if (w.outcome === "refused") {
      results.push({ error: w.error });
      continue;
    }
    const message: MessageDTO =
      w.outcome === "created"
        ? {
            id: w.id,
            conversationId: job.conversationId,
            clientId: job.clientId,
            kind: "text",
            body: job.body,
            sender: job.context.sender,
            replyTo: job.context.replyTo,
            forwardedFrom: job.context.forwardedFrom,
            createdAt: w.createdAt,
            editedAt: null,
            deletedAt: null,
            reactions: [],
            attachments: w.attachments,
            mentions: job.context.mentions.filter((m) => w.mentioned.includes(m.id)),
          }
        : (await loadMessage(w.id))!;
    if (w.outcome === "created" || (!w.limited && now - w.createdAt < ANNOUNCE_RETRIES_FOR_MS)) {
      publications.push(...announcements(message, job.context.memberIds, conversationChannel(job.conversationId, w.channelEpoch)));
    }
    results.push({ message, created: w.outcome === "created" });
  }
  const published = publications.length > 0 ? publishAll(publications) : Promise.resolve();
  // Pushes for people with no tab open, once the batch's events are out (or failed: the messages are
  // stored either way). Queued and sent apart from this path, which never waits for a push service.
  const pushes: NewMessage[] = [];
  for (const [i, r] of results.entries()) {
    if ("error" in r || !r.created) continue;
    const { context } = jobs[i]!;
    pushes.push({
      conversationId: r.message.conversationId,
      conversationKind: context.conversationKind,
      messageId: r.message.id,
      senderId: context.sender.id,
      senderName: context.sender.username,
      body: mentionText(r.message.body ?? "", r.message.mentions),
      memberIds: context.memberIds,
      mentionedIds: r.message.mentions.map((m) => m.id),
    });
  }
  if (pushes.length > 0) {
    const push = () => notifyNewMessages(pushes);
    void published.then(push, push);
  }
  return results.map((r) => ("error" in r ? r : { ...r, published }));
}

const globalForWriter = globalThis as unknown as { messengerSends?: GroupCommit<SendJob, SendResult> };
function sends(): GroupCommit<SendJob, SendResult> {
  globalForWriter.messengerSends ??= new GroupCommit(commitSends);
  return globalForWriter.messengerSends;
}

/**
 * Stores a message once per (sender, clientId) and then publishes it: one read, one write shared
 * with the sends that arrive meanwhile (group commit), one publish per commit. A retry, a double
 * click or a resend after a lost answer returns the original. The answer comes once the events
 * have been handed to the realtime server, so a sender who saw it accepted knows it is stored.
 */
export async function sendMessage(sender: Sender, input: unknown): Promise<{ message: MessageDTO; created: boolean }> {
  if (isTooLong(input)) throw new AppError("payload_too_large:message");
  const { conversationId, clientId, body, replyTo, attachments } = parseInput(sendMessageSchema, input);
  const { perMessage } = env().files.limits;
  if (attachments.length > perMessage) {
    throw new AppError("bad_request:attachment", { message: `A message can carry at most ${perMessage} files.` });
  }
  const mentionIds = mentionIdsIn(body);
  const context = await readSendContext(sender, conversationId, replyTo, mentionIds);
  const result = await sends().submit({
    senderId: sender.id,
    conversationId,
    clientId,
    body,
    replyToId: replyTo ?? null,
    attachmentIds: attachments,
    mentionIds: context.mentions.map((m) => m.id),
    context,
  });
  if ("error" in result) throw result.error;
  await result.published;
  return { message: result.message, created: result.created };
}

type ForwardSource = {
  conversation_id: string;
  kind: string;
  body: string;
  deleted_at: number | null;
  sender_id: string | null;
  forwarded: number;
  forwarded_from_id: string | null;
  member: number | null;
};

/**
 * Forwards a message the actor can read (a member of its chat, the message standing) into chats of
 * theirs, as a new message of the actor's in each, marked as forwarded from the original author (a
 * forward of a forward names the first author). Every target is checked as a send is (member, no
 * block) before anything is stored; the copies then go through the send path together: one group
 * commit, each counted against the send limit, announced, counted unread and pushed as any message.
 * Each copy's clientId derives from the browser's one id and its chat, so a retried forward stores
 * nothing twice. Files are copied as new rows over the same stored objects.
 */
export async function forwardMessage(sender: Sender, input: unknown): Promise<{ messages: MessageDTO[] }> {
  const { messageId, clientId, conversationIds } = parseInput(forwardMessageSchema, input);
  const db = await getDb();
  const [source] = await db.all<ForwardSource>(sql`
    SELECT m.conversation_id, m.kind, m.body, m.deleted_at, m.sender_id, m.forwarded, m.forwarded_from_id,
      (SELECT 1 FROM conversation_member cm WHERE cm.conversation_id = m.conversation_id AND cm.user_id = ${sender.id}) AS member
    FROM message m WHERE m.id = ${messageId}`);
  // Whether a message exists in a chat one is not in is not told.
  if (!source || source.member === null) throw new AppError("not_found:message");
  if (source.deleted_at !== null || source.kind !== "text") {
    throw new AppError("bad_request:input", { message: "You cannot forward this message." });
  }
  const contexts = await Promise.all(conversationIds.map((id) => readSendContext(sender, id, undefined)));
  await takeRateLimits([{ name: "forwardsUser", subject: sender.id }]);
  const fromId = source.forwarded ? source.forwarded_from_id : source.sender_id;
  const from = fromId === null ? null : await db.query.user.findFirst({ where: eq(user.id, fromId) });
  const forwardedFrom: MessageDTO["forwardedFrom"] = {
    sender: from ? { id: from.id, username: from.username, name: displayName(from) } : null,
  };
  const files = (await attachmentsFor([messageId])).get(messageId) ?? [];
  // A copy mentions no one: its chat may not hold the people the original named, and forwarding
  // should not call them. It says their names as text.
  const body = mentionText(source.body, (await mentionsFor([messageId])).get(messageId));
  const results = await Promise.all(
    conversationIds.map((conversationId, i) =>
      sends().submit({
        senderId: sender.id,
        conversationId,
        clientId: forwardClientId(clientId, messageId, conversationId),
        body,
        replyToId: null,
        attachmentIds: [],
        mentionIds: [],
        forward: {
          fromId: from?.id ?? null,
          sourceMessageId: messageId,
          files: files.map((f) => ({ ...f, sourceId: f.id, id: forwardAttachmentId(clientId, conversationId, f.id) })),
        },
        context: { ...contexts[i]!, forwardedFrom },
      }),
    ),
  );
  await Promise.all(results.map((r) => ("error" in r ? undefined : r.published)));
  // The copies stored are kept (a retry with the same clientId finds them); the first refusal is told.
  const refused = results.find((r) => "error" in r);
  if (refused) throw refused.error;
  return { messages: results.flatMap((r) => ("error" in r ? [] : [r.message])) };
}

/** A stable UUID-shaped id from parts: the same forward to the same chat always gets the same one. */
function derivedId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function forwardClientId(clientId: string, messageId: number, conversationId: string): string {
  const h = derivedId("forward", clientId, String(messageId), conversationId);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A copied file's id, as random-looking as an upload's (128 bits, base64url), and stable for retries. */
function forwardAttachmentId(clientId: string, conversationId: string, sourceId: string): string {
  return Buffer.from(derivedId("forward-file", clientId, conversationId, sourceId).slice(0, 32), "hex").toString("base64url");
}

/** A line in the history recording a change ("ana added ben"), published like any message. */
export async function postSystemMessage(actor: Actor, conversationId: string, body: string): Promise<MessageDTO> {
  const db = await getDb();
  const [row] = await db
    .insert(message)
    .values({ conversationId, senderId: actor.id, clientId: crypto.randomUUID(), kind: "system", body })
    .returning({ id: message.id });
  const stored = (await loadMessage(row!.id))!;
  const [members, channel] = await Promise.all([listMemberIds(conversationId), currentChannel(conversationId)]);
  await publishAll(announcements(stored, members, channel));
  return stored;
}

/** A new message's events: the message on its conversation's channel, its activity on each member's own. */
function announcements(stored: MessageDTO, memberIds: string[], channel: string): Publication[] {
  return [
    { channels: [channel], event: "message.created", payload: eventPayload(stored) },
    {
      channels: memberIds.map(userChannel),
      event: "conversation.activity",
      payload: {
        change: "created",
        conversationId: stored.conversationId,
        messageId: stored.id,
        kind: stored.kind,
        createdAt: stored.createdAt,
        preview: {
          senderId: stored.sender?.id ?? null,
          senderUsername: stored.sender?.username ?? null,
          body:
            withAttachmentLabel(attachmentLabel(stored.attachments), firstCharacters(mentionText(stored.body ?? "", stored.mentions), PREVIEW_LENGTH)) ?? "",
        },
        mentions: stored.mentions.map((m) => m.id),
      },
    },
  ];
}

/** A message as an event; one too large for an event is announced by id and fetched. */
function eventPayload(stored: MessageDTO): MessageDTO | PartialMessage {
  return payloadBytes(stored) <= MAX_EVENT_BYTES ? stored : { partial: true as const, id: stored.id, conversationId: stored.conversationId };
}

/** A message event on its conversation's channel. */
export async function publishMessage(event: "message.created" | "message.updated", stored: MessageDTO): Promise<void> {
  await publish([await currentChannel(stored.conversationId)], event, eventPayload(stored));
}

function isTooLong(input: unknown): boolean {
  return typeof input === "object" && input !== null && "body" in input && typeof input.body === "string" && characterCount(input.body) > MAX_MESSAGE_LENGTH;
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
  await assertNotBlockedChat(actor, found.conversationId);
  await assertNotArchived(found.conversationId);
  await takeRateLimits([{ name: "editsUser", subject: actor.id }]);
  let changedFor: string[] = [];
  if (found.body !== body) {
    const db = await getDb();
    const before = (await mentionsFor([messageId])).get(messageId)?.map((m) => m.id) ?? [];
    const wanted = JSON.stringify(mentionIdsIn(body));
    // One transaction: the new text and its mentions. A mention stays while its token does (even of
    // someone who has left since); a new one must name a member of a group or room, as on send.
    await db.batch([
      db
        .update(message)
        .set({ body, editedAt: new Date() })
        .where(and(eq(message.id, messageId), isNull(message.deletedAt))),
      db.run(sql`DELETE FROM message_mention WHERE message_id = ${messageId} AND user_id NOT IN (SELECT value FROM json_each(${wanted}))`),
      db.run(sql`
        INSERT OR IGNORE INTO message_mention (message_id, conversation_id, user_id)
        SELECT ${messageId}, cm.conversation_id, cm.user_id FROM json_each(${wanted}) j
        JOIN conversation_member cm ON cm.conversation_id = ${found.conversationId} AND cm.user_id = j.value
        JOIN conversation c ON c.id = cm.conversation_id AND c.kind <> 'direct'`),
    ]);
    const after = (await mentionsFor([messageId])).get(messageId)?.map((m) => m.id) ?? [];
    changedFor = [...before.filter((id) => !after.includes(id)), ...after.filter((id) => !before.includes(id))];
  }
  const updated = (await loadMessage(messageId))!;
  await publishMessage("message.updated", updated);
  if (changedFor.length > 0) await publishMentionCounts(found.conversationId, changedFor);
  return updated;
}

/**
 * Tells members whose mentions in a chat changed other than by a new message (an edit added or took
 * one out) their count there now, on their own channel: their lists apply it without a fetch.
 */
async function publishMentionCounts(conversationId: string, userIds: string[]): Promise<void> {
  const db = await getDb();
  const rows = await db.all<{ user_id: string; mention_count: number }>(sql`
    SELECT user_id, mention_count FROM conversation_member
    WHERE conversation_id = ${conversationId} AND user_id IN (SELECT value FROM json_each(${JSON.stringify(userIds)}))`);
  if (rows.length === 0) return;
  await publishAll(
    rows.map((r) => ({
      channels: [userChannel(r.user_id)],
      event: "conversation.mentions" as const,
      payload: { conversationId, mentionCount: r.mention_count },
    })),
  );
}

/**
 * Leaves a "message deleted" placeholder: the row stays so that order and replies hold. Its author
 * deletes it; so does a moderator of its public room, or a server admin in it (recorded in the audit
 * log). Deleting is allowed in an archived room too: it only ever takes something away.
 */
export async function deleteMessage(actor: Actor, input: unknown): Promise<MessageDTO> {
  const { messageId } = parseInput(messageRefSchema, input);
  const db = await getDb();
  const found = await db.query.message.findFirst({ where: eq(message.id, messageId) });
  if (!found) throw new AppError("not_found:message");
  await requireMembership(actor, found.conversationId);
  if (found.senderId === actor.id || found.kind !== "text" || !(await mayModerate(actor, found.conversationId))) {
    await requireOwnMessage(actor, messageId);
    return removeMessage(messageId);
  }
  if (found.deletedAt) throw new AppError("not_found:message", { message: "This message was deleted." });
  await takeRateLimits([{ name: "moderationUser", subject: actor.id }]);
  const removed = await removeMessage(messageId);
  const author = found.senderId ? await db.query.user.findFirst({ where: eq(user.id, found.senderId), columns: { username: true } }) : undefined;
  await audit(actor, "deleted message", `#${messageId}`, `by ${author?.username ?? "a deleted account"}, as the room's moderator`);
  return removed;
}

/**
 * Deletes a message whoever asked (its author, or a moderator the caller checked) and tells
 * everyone who shows it: the conversation's channel, and each member's list.
 */
export async function removeMessage(messageId: number): Promise<MessageDTO> {
  const db = await getDb();
  // Read before the delete, which leaves the rows but empties the DTO's mentions: the lists of
  // those it mentioned take it off their counts.
  const mentioned = (await mentionsFor([messageId])).get(messageId)?.map((m) => m.id) ?? [];
  await db
    .update(message)
    .set({ deletedAt: new Date() })
    .where(and(eq(message.id, messageId), isNull(message.deletedAt)));
  await deleteMessageFiles(messageId);
  const updated = (await loadMessage(messageId))!;
  const [members, channel] = await Promise.all([listMemberIds(updated.conversationId), currentChannel(updated.conversationId)]);
  await publishAll([
    { channels: [channel], event: "message.updated", payload: eventPayload(updated) },
    {
      channels: members.map(userChannel),
      event: "conversation.activity",
      payload: { change: "deleted", conversationId: updated.conversationId, messageId: updated.id, senderId: updated.sender?.id ?? null, mentions: mentioned },
    },
  ]);
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
    const rows = await selectMessages(db)
      .where(and(inConversation, gt(message.id, after)))
      .orderBy(asc(message.id))
      .limit(limit + 1);
    return { messages: await toDTOs(rows.slice(0, limit)), hasMore: rows.length > limit, hasNewer: rows.length > limit };
  }
  if (around !== undefined) {
    const half = Math.floor(limit / 2);
    const [older, newer] = await Promise.all([
      selectMessages(db)
        .where(and(inConversation, lt(message.id, around)))
        .orderBy(desc(message.id))
        .limit(half + 1),
      selectMessages(db)
        .where(and(inConversation, gte(message.id, around)))
        .orderBy(asc(message.id))
        .limit(limit - half + 1),
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
