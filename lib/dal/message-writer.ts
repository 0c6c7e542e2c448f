import "server-only";
import type { Transaction } from "@libsql/client";
import { getDb } from "@/db";
import { AppError } from "@/lib/errors";
import { countRequestIn, pruneRateLimitsNowAndThen, rateLimitError, scaledRule, type RateLimitHit } from "./rate-limit";

/** A message to store, already validated, its sender a checked member (see readSendContext). */
export type SendDraft = {
  senderId: string;
  conversationId: string;
  clientId: string;
  body: string;
  replyToId: number | null;
};

export type Written =
  | { outcome: "created"; id: number; createdAt: number; channelEpoch: number }
  /** The (sender, clientId) pair was stored before: a retry. `limited` when it was over the sender's limit. */
  | { outcome: "stored"; id: number; createdAt: number; channelEpoch: number; limited: boolean }
  | { outcome: "refused"; error: unknown };

/**
 * Writes a batch of sends in one BEGIN IMMEDIATE transaction: for each, in order, the idempotency
 * check by (sender, clientId), the sender's rate limit, the insert (only while the sender is still a
 * member), and the sender's read position moved to their own message (sending counts as having read
 * the chat). Each send is its own savepoint, so one that fails leaves the others of its batch alone.
 * The channel epochs are read in the same transaction, so a member removed meanwhile (which bumps the
 * epoch) can never be sent a message stored after the removal.
 */
export async function writeSends(drafts: SendDraft[], now = Date.now()): Promise<Written[]> {
  const db = await getDb();
  await pruneRateLimitsNowAndThen(db, now);
  const tx = await db.$client.transaction("write");
  try {
    const written: (Omit<Extract<Written, { outcome: "created" | "stored" }>, "channelEpoch"> | Extract<Written, { outcome: "refused" }>)[] = [];
    for (const draft of drafts) written.push(await writeOne(tx, draft, now));
    const ids = [...new Set(drafts.map((d) => d.conversationId))];
    const epochs = new Map<string, number>();
    const rows = await tx.execute({
      sql: `SELECT id, channel_epoch FROM conversation WHERE id IN (${ids.map(() => "?").join(",")})`,
      args: ids,
    });
    for (const row of rows.rows) epochs.set(row.id as string, Number(row.channel_epoch));
    await tx.commit();
    return written.map((w, i) =>
      w.outcome === "refused" ? w : { ...w, channelEpoch: epochs.get(drafts[i]!.conversationId) ?? 0 },
    ) as Written[];
  } finally {
    tx.close();
  }
}

async function writeOne(tx: Transaction, draft: SendDraft, now: number) {
  await tx.execute("SAVEPOINT send");
  try {
    const result = await storeOne(tx, draft, now);
    await tx.execute("RELEASE send");
    return result;
  } catch (error) {
    await tx.execute("ROLLBACK TO send");
    await tx.execute("RELEASE send");
    return { outcome: "refused" as const, error };
  }
}

async function storeOne(tx: Transaction, draft: SendDraft, now: number) {
  const { senderId, conversationId, clientId, body, replyToId } = draft;
  const earlier = await tx.execute({
    sql: "SELECT id, conversation_id, created_at FROM message WHERE sender_id = ? AND client_id = ?",
    args: [senderId, clientId],
  });
  // Retries count too: a client replaying one clientId in a loop is held to the same limit, and past
  // it gets its stored message back without it being announced again.
  const hit: RateLimitHit = await countRequestIn(tx, `messagesUser:${senderId}`, scaledRule("messagesUser"), now);
  const stored = earlier.rows[0];
  if (stored) {
    if (stored.conversation_id !== conversationId) {
      throw new AppError("bad_request:input", { message: "This clientId was already used for another message." });
    }
    return { outcome: "stored" as const, id: Number(stored.id), createdAt: timestamp(stored.created_at), limited: !hit.allowed };
  }
  // Over the limit: refused, and the count stays (refused requests are over the limit either way).
  if (!hit.allowed) return { outcome: "refused" as const, error: rateLimitError("messagesUser", hit) };

  const inserted = await tx.execute({
    sql: `INSERT INTO message (conversation_id, sender_id, client_id, body, reply_to_id)
      SELECT ?1, ?2, ?3, ?4, ?5
      WHERE EXISTS (SELECT 1 FROM conversation_member WHERE conversation_id = ?1 AND user_id = ?2)
      RETURNING id, created_at`,
    args: [conversationId, senderId, clientId, body, replyToId],
  });
  const row = inserted.rows[0];
  if (!row) throw new AppError("forbidden:conversation");
  const id = Number(row.id);
  await tx.execute({
    sql: `UPDATE conversation_member SET last_read_message_id = ?3
      WHERE conversation_id = ?1 AND user_id = ?2 AND last_read_message_id < ?3`,
    args: [conversationId, senderId, id],
  });
  return { outcome: "created" as const, id, createdAt: timestamp(row.created_at) };
}

/** As drizzle reads a `timestamp_ms` column: whole milliseconds. */
function timestamp(value: unknown): number {
  return new Date(Number(value)).getTime();
}
