import "server-only";
import type { Transaction } from "@libsql/client";
import { getDb } from "@/db";
import { attachmentLabel } from "@/lib/attachments/label";
import type { AttachmentDTO } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { countRequestIn, pruneRateLimitsNowAndThen, rateLimitError, scaledRule, type RateLimitHit } from "../rate-limit";

/** A message to store, already validated, its sender a checked member (see readSendContext). */
export type SendDraft = {
  senderId: string;
  conversationId: string;
  clientId: string;
  body: string;
  replyToId: number | null;
  /** Files uploaded for this clientId, bound to the message in the same transaction. */
  attachmentIds: string[];
  /** The members the body's tokens name (lib/mentions.ts), checked again as it is written. */
  mentionIds: string[];
  /** A forwarded copy: whose message it copies, and the files copied along (new rows, same objects). */
  forward?: ForwardDraft;
};

export type ForwardDraft = {
  /** The original author; null once their account is gone. */
  fromId: string | null;
  /** The source message, whose files are copied while they are still bound to it. */
  sourceMessageId: number;
  /** The copies' rows as they will be, in order, each with the id of the file it copies. */
  files: (AttachmentDTO & { sourceId: string })[];
};

export type Written =
  | { outcome: "created"; id: number; createdAt: number; channelEpoch: number; attachments: AttachmentDTO[]; mentioned: string[] }
  /** The (sender, clientId) pair was stored before: a retry. `limited` when it was over the sender's limit. */
  | { outcome: "stored"; id: number; createdAt: number; channelEpoch: number; limited: boolean }
  | { outcome: "refused"; error: unknown };

/**
 * Writes a batch of sends in one BEGIN IMMEDIATE transaction: for each, in order, the idempotency
 * check by (sender, clientId), the sender's rate limit, the insert (only while the sender is still a
 * member), and the sender's read position moved to their own message (sending counts as having read
 * the chat). One send that fails leaves the others of its batch alone.
 * The channel epochs are read in the same transaction, so a member removed meanwhile (which bumps the
 * epoch) can never be sent a message stored after the removal.
 */
export async function writeSends(drafts: SendDraft[], now = Date.now()): Promise<Written[]> {
  const db = await getDb();
  await pruneRateLimitsNowAndThen(db, now);
  const tx = await db.$client.transaction("write");
  try {
    const written = [];
    for (const draft of drafts) written.push(await writeOne(tx, draft, now));
    const ids = [...new Set(drafts.map((d) => d.conversationId))];
    const epochs = new Map<string, number>();
    const rows = await tx.execute({
      sql: `SELECT id, channel_epoch FROM conversation WHERE id IN (${ids.map(() => "?").join(",")})`,
      args: ids,
    });
    for (const row of rows.rows) epochs.set(row.id as string, Number(row.channel_epoch));
    await tx.commit();
    return written.map((w, i): Written => (w.outcome === "refused" ? w : { ...w, channelEpoch: epochs.get(drafts[i]!.conversationId) ?? 0 }));
  } finally {
    tx.close();
  }
}

/**
 * One send in three statements on the usual path (count, insert, read position). A statement that
 * fails (a constraint) is undone by SQLite on its own and fails only this send; its count stays, as
 * a refused request's does.
 */
async function writeOne(tx: Transaction, draft: SendDraft, now: number) {
  try {
    return await storeOne(tx, draft, now);
  } catch (error) {
    return { outcome: "refused" as const, error };
  }
}

async function storeOne(tx: Transaction, draft: SendDraft, now: number) {
  const { senderId, conversationId, clientId, body, replyToId, attachmentIds, mentionIds, forward } = draft;
  // Retries count too: a client replaying one clientId in a loop is held to the same limit, and past
  // it gets its stored message back without it being announced again.
  const hit: RateLimitHit = await countRequestIn(tx, `messagesUser:${senderId}`, scaledRule("messagesUser"), now);
  // The files must be this sender's, for this chat and this clientId, uploaded and not yet sent. A
  // retry finds them bound already and gets the stored message below; nothing is bound twice.
  const files = forward ? forward.files : hit.allowed && attachmentIds.length > 0 ? await unsentFiles(tx, draft) : [];
  const filesReady = files.length === attachmentIds.length || forward !== undefined;
  if (hit.allowed && filesReady) {
    const inserted = await tx.execute({
      sql: `INSERT INTO message (conversation_id, sender_id, client_id, body, reply_to_id, attachment_label, forwarded, forwarded_from_id)
        SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
        WHERE EXISTS (SELECT 1 FROM conversation_member WHERE conversation_id = ?1 AND user_id = ?2)
          AND NOT EXISTS (SELECT 1 FROM conversation WHERE id = ?1 AND archived_at IS NOT NULL)
        ON CONFLICT (sender_id, client_id) DO NOTHING
        RETURNING id, created_at`,
      args: [conversationId, senderId, clientId, body, replyToId, attachmentLabel(files), forward ? 1 : 0, forward?.fromId ?? null],
    });
    const row = inserted.rows[0];
    if (row) {
      const id = Number(row.id);
      // Only members of a group or room are mentioned, as they are at this commit: a token naming
      // anyone else stays text. The triggers of migration 0016 count each for its person.
      const mentioned =
        mentionIds.length === 0
          ? []
          : (
              await tx.execute({
                sql: `INSERT INTO message_mention (message_id, conversation_id, user_id)
                  SELECT ?1, ?2, cm.user_id FROM json_each(?3) j
                  JOIN conversation_member cm ON cm.conversation_id = ?2 AND cm.user_id = j.value
                  JOIN conversation c ON c.id = ?2 AND c.kind <> 'direct'
                  RETURNING user_id`,
                args: [id, conversationId, JSON.stringify(mentionIds)],
              })
            ).rows.map((r) => r.user_id as string);
      await tx.execute({
        sql: `UPDATE conversation_member SET last_read_message_id = ?3
          WHERE conversation_id = ?1 AND user_id = ?2 AND last_read_message_id < ?3`,
        args: [conversationId, senderId, id],
      });
      if (forward && files.length > 0) {
        // New rows of the forwarder's in the target chat, pointing at the same stored objects (see
        // removeFiles: an object goes only with the last row that uses it). A file removed from the
        // source meanwhile is simply not copied.
        await tx.execute({
          sql: `INSERT INTO attachment (id, uploader_id, conversation_id, client_id, message_id, position, name, size, type, kind, status, width, height, storage_key, thumb_key)
            SELECT j.value ->> '$.id', ?2, ?3, ?4, ?1, j.key, a.name, a.size, a.type, a.kind, a.status, a.width, a.height, a.storage_key, a.thumb_key
            FROM json_each(?6) j JOIN attachment a ON a.id = j.value ->> '$.sourceId'
            WHERE a.message_id = ?5 AND a.status = 'ready'`,
          args: [
            id,
            senderId,
            conversationId,
            clientId,
            forward.sourceMessageId,
            JSON.stringify(forward.files.map((f) => ({ id: f.id, sourceId: f.sourceId }))),
          ],
        });
      } else if (files.length > 0) {
        await tx.execute({
          sql: `UPDATE attachment SET message_id = ?1, position = (SELECT key FROM json_each(?2) WHERE value = attachment.id)
            WHERE id IN (SELECT value FROM json_each(?2))`,
          args: [id, JSON.stringify(attachmentIds)],
        });
      }
      return { outcome: "created" as const, id, createdAt: timestamp(row.created_at), attachments: files.map(toAttachment), mentioned };
    }
  }
  // Not inserted: a retry of a stored message, a sender over the limit, one no longer a member, or a
  // room archived after the send was checked.
  const earlier = await tx.execute({
    sql: "SELECT id, conversation_id, created_at FROM message WHERE sender_id = ? AND client_id = ?",
    args: [senderId, clientId],
  });
  const stored = earlier.rows[0];
  if (!stored) {
    // Over the limit, the count stays: refused requests are over the limit either way.
    if (!hit.allowed) return { outcome: "refused" as const, error: rateLimitError("messagesUser", hit) };
    if (!filesReady) {
      throw new AppError("conflict:attachment", { message: "Some files have not finished uploading, or were removed. Attach them again." });
    }
    const archived = await tx.execute({ sql: "SELECT 1 FROM conversation WHERE id = ? AND archived_at IS NOT NULL", args: [conversationId] });
    if (archived.rows.length > 0) throw new AppError("conflict:archived");
    throw new AppError("forbidden:conversation");
  }
  if (stored.conversation_id !== conversationId) {
    throw new AppError("bad_request:input", { message: "This clientId was already used for another message." });
  }
  return { outcome: "stored" as const, id: Number(stored.id), createdAt: timestamp(stored.created_at), limited: !hit.allowed };
}

async function unsentFiles(tx: Transaction, draft: SendDraft): Promise<AttachmentDTO[]> {
  const { rows } = await tx.execute({
    sql: `SELECT a.id, a.name, a.size, a.type, a.kind, a.width, a.height FROM json_each(?4) j
      JOIN attachment a ON a.id = j.value
      WHERE a.uploader_id = ?1 AND a.conversation_id = ?2 AND a.client_id = ?3 AND a.status = 'ready' AND a.message_id IS NULL
      ORDER BY j.key`,
    args: [draft.senderId, draft.conversationId, draft.clientId, JSON.stringify(draft.attachmentIds)],
  });
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    size: Number(r.size),
    type: r.type as string,
    kind: r.kind as "image" | "file",
    width: r.width === null ? null : Number(r.width),
    height: r.height === null ? null : Number(r.height),
  }));
}

function toAttachment({ id, name, size, type, kind, width, height }: AttachmentDTO): AttachmentDTO {
  return { id, name, size, type, kind, width, height };
}

/** As drizzle reads a `timestamp_ms` column: whole milliseconds. */
function timestamp(value: unknown): number {
  return new Date(Number(value)).getTime();
}
