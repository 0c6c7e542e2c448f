import "server-only";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { attachment, message } from "@/db/schema";
import { processImage } from "@/lib/attachments/process";
import { mayBeImage, SNIFF_BYTES, sniffType } from "@/lib/attachments/sniff";
import type { AttachmentDTO } from "@/lib/dto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format-bytes";
import { log } from "@/lib/log";
import { fileStore, type FileStore, type PresignedUpload } from "@/lib/storage/files";
import { attachmentIdSchema, attachmentVariantSchema, createAttachmentSchema } from "@/lib/validations/attachment";
import { parseInput } from "@/lib/validations/parse";
import { assertNotArchived, assertNotBlockedChat, requireMembership } from "./conversations";
import { toAttachmentDTO } from "./internal/attachments";
import { takeRateLimits } from "./rate-limit";
import type { Actor } from "./users";

/** How long an upload URL works: long enough for 25 MB on a slow line, short enough not to be kept. */
const UPLOAD_URL_SECONDS = 15 * 60;
/** Downloads are signed for five to ten minutes (see downloadExpiry). */
const DOWNLOAD_WINDOW_MS = 5 * 60_000;
/** An upload never sent with a message is removed after this. */
export const ORPHAN_AFTER_MS = 24 * 60 * 60_000;

const keys = {
  upload: (id: string) => `u/${id}`,
  full: (id: string) => `f/${id}`,
  thumb: (id: string) => `t/${id}`,
};
const allKeys = (id: string) => [keys.upload(id), keys.full(id), keys.thumb(id)];

type Row = typeof attachment.$inferSelect;

function newAttachmentId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
}

/**
 * Starts an upload: checks that the uploader is a member who may write here, that the file fits the
 * size limit, the message's count and the person's quota, and counts it against the rate limit;
 * then records it (pending) and signs the one PUT that may carry its bytes. Everything that can be
 * refused is refused here, before a byte is sent.
 */
export async function createAttachment(
  actor: Actor,
  conversationId: unknown,
  input: unknown,
): Promise<{ attachment: { id: string }; upload: PresignedUpload }> {
  const id = await requireMembership(actor, conversationId);
  const { clientId, name, size } = parseInput(createAttachmentSchema, input);
  const { limits } = env().files;
  if (size > limits.maxBytes) {
    throw new AppError("payload_too_large:attachment", {
      message: `Files can be at most ${formatBytes(limits.maxBytes)} (“${name}” is ${formatBytes(size)}).`,
    });
  }
  await assertNotBlockedChat(actor, id);
  await assertNotArchived(id);
  const db = await getDb();
  const [usage] = await db.all<{ used: number; sameMessage: number; boundToOther: number }>(sql`
    SELECT coalesce(sum(size), 0) AS used,
      coalesce(sum(client_id = ${clientId}), 0) AS sameMessage,
      coalesce(sum(client_id = ${clientId} AND (message_id IS NOT NULL OR conversation_id <> ${id})), 0) AS boundToOther
    FROM attachment WHERE uploader_id = ${actor.id}`);
  if (Number(usage?.boundToOther) > 0) {
    throw new AppError("bad_request:attachment", { message: "This message was already sent; start a new one to add files." });
  }
  if (Number(usage?.sameMessage) >= limits.perMessage) {
    throw new AppError("bad_request:attachment", { message: `A message can carry at most ${limits.perMessage} files.` });
  }
  if (Number(usage?.used) + size > limits.quotaBytes) {
    throw new AppError("payload_too_large:quota", {
      message: `Your files would take up more than your ${formatBytes(limits.quotaBytes)} (${formatBytes(Number(usage?.used))} used). Delete some messages with files first.`,
    });
  }
  await takeRateLimits([{ name: "attachmentUploadsUser", subject: actor.id }]);
  const attachmentId = newAttachmentId();
  await db.insert(attachment).values({
    id: attachmentId,
    uploaderId: actor.id,
    conversationId: id,
    clientId,
    name,
    size,
    storageKey: keys.upload(attachmentId),
  });
  removeOrphansNowAndThen();
  const store = await fileStore();
  return { attachment: { id: attachmentId }, upload: await store.presignUpload(keys.upload(attachmentId), size, UPLOAD_URL_SECONDS) };
}

async function requireOwnPending(actor: Actor, attachmentId: unknown): Promise<Row> {
  const id = parseInput(attachmentIdSchema, attachmentId);
  const db = await getDb();
  const row = await db.query.attachment.findFirst({ where: eq(attachment.id, id) });
  if (!row || row.uploaderId !== actor.id) throw new AppError("not_found:attachment");
  return row;
}

/**
 * Finishes an upload once its bytes are stored: the size must be what was declared, the type is
 * sniffed from the bytes, and an image sharp can read is re-encoded without its metadata, with a
 * thumbnail and its dimensions. Anything else stays a file that is only ever downloaded.
 */
export async function completeAttachment(actor: Actor, attachmentId: unknown): Promise<AttachmentDTO> {
  const row = await requireOwnPending(actor, attachmentId);
  if (row.status === "ready") return toAttachmentDTO(row);
  const store = await fileStore();
  const uploaded = keys.upload(row.id);
  const size = await store.size(uploaded);
  if (size === null) throw new AppError("conflict:attachment");
  if (size !== row.size) {
    await store.delete([uploaded]);
    throw new AppError("bad_request:attachment", { message: `“${row.name}” arrived incomplete or changed; send it again.` });
  }
  const type = sniffType((await store.readStart(uploaded, SNIFF_BYTES)) ?? new Uint8Array());
  const image = mayBeImage(type) ? await processImage(await readAll(store, uploaded), type) : null;
  const db = await getDb();
  if (image) {
    await store.put(keys.full(row.id), image.full.bytes, image.full.type);
    await store.put(keys.thumb(row.id), image.thumb.bytes, image.thumb.type);
    // The upload itself, with its EXIF and GPS, is never served: only the re-encoded copy.
    await store.delete([uploaded]);
  }
  const [ready] = await db
    .update(attachment)
    .set({
      status: "ready",
      type: image ? image.full.type : type,
      kind: image ? "image" : "file",
      width: image?.width ?? null,
      height: image?.height ?? null,
      size: image ? image.full.bytes.byteLength : size,
      storageKey: image ? keys.full(row.id) : uploaded,
      thumbKey: image ? keys.thumb(row.id) : null,
    })
    .where(eq(attachment.id, row.id))
    .returning();
  if (!ready) throw new AppError("not_found:attachment");
  return toAttachmentDTO(ready);
}

async function readAll(store: FileStore, key: string): Promise<Buffer> {
  const object = await store.get(key);
  if (!object) throw new AppError("conflict:attachment");
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The uploader gives up on a file not yet sent (cancel, or removed from the message before sending). */
export async function cancelAttachment(actor: Actor, attachmentId: unknown): Promise<void> {
  const row = await requireOwnPending(actor, attachmentId);
  if (row.messageId !== null) throw new AppError("bad_request:attachment", { message: "This file was already sent." });
  const db = await getDb();
  await db.delete(attachment).where(and(eq(attachment.id, row.id), isNull(attachment.messageId)));
  await (await fileStore()).delete(allKeys(row.id));
}

/**
 * Signed as of the start of the current five-minute window, for two windows: valid five to ten
 * minutes from now, and the same URL for the same file all through the window.
 */
function downloadValidity(now: number) {
  return { from: Math.floor(now / DOWNLOAD_WINDOW_MS) * DOWNLOAD_WINDOW_MS, seconds: (2 * DOWNLOAD_WINDOW_MS) / 1000 };
}

/**
 * Where the actor may fetch a file, checked on every request: they must be a member of its
 * conversation now, and its message must still stand. The URL is signed for minutes only. Only a
 * re-encoded image is ever served inline; every other file is a download of opaque bytes.
 */
export async function attachmentDownloadUrl(actor: Actor, attachmentId: unknown, variant: unknown, now = Date.now()): Promise<string> {
  const id = parseInput(attachmentIdSchema, attachmentId);
  const which = parseInput(attachmentVariantSchema, variant);
  const db = await getDb();
  const [row] = await db
    .select({ a: attachment, deletedAt: message.deletedAt })
    .from(attachment)
    .leftJoin(message, eq(message.id, attachment.messageId))
    .where(eq(attachment.id, id));
  if (!row || row.a.status !== "ready") throw new AppError("not_found:attachment");
  if (row.a.messageId === null) {
    // Not sent yet: the uploader's alone.
    if (row.a.uploaderId !== actor.id) throw new AppError("not_found:attachment");
  } else {
    await requireMembership(actor, row.a.conversationId);
    if (row.deletedAt !== null) throw new AppError("not_found:attachment");
  }
  const image = row.a.kind === "image";
  if (!image && which !== "download") throw new AppError("not_found:attachment");
  const key = which === "thumb" ? row.a.thumbKey! : row.a.storageKey;
  const store = await fileStore();
  return store.presignDownload(
    key,
    {
      filename: which === "thumb" ? `thumbnail-${row.a.name}` : row.a.name,
      contentType: image ? (which === "thumb" ? "image/webp" : row.a.type) : "application/octet-stream",
      inline: image && which !== "download",
    },
    downloadValidity(now),
  );
}

/**
 * Removes rows and then their objects; an object whose removal fails is logged, its row already gone.
 * A forwarded copy is a row of its own over its original's objects, so an object goes only with the
 * last row that uses it (a copy is only ever made of a row that still stands: see writeSends).
 */
async function removeFiles(where: ReturnType<typeof eq>): Promise<number> {
  const db = await getDb();
  const removed = await db.delete(attachment).where(where).returning({ id: attachment.id, storageKey: attachment.storageKey, thumbKey: attachment.thumbKey });
  if (removed.length === 0) return 0;
  const candidates = [...new Set(removed.flatMap((r) => [...allKeys(r.id), r.storageKey, ...(r.thumbKey ? [r.thumbKey] : [])]))];
  try {
    const used = await db
      .select({ storageKey: attachment.storageKey, thumbKey: attachment.thumbKey })
      .from(attachment)
      .where(or(inArray(attachment.storageKey, candidates), inArray(attachment.thumbKey, candidates)));
    const inUse = new Set(used.flatMap((r) => [r.storageKey, r.thumbKey]));
    const unused = candidates.filter((key) => !inUse.has(key));
    if (unused.length > 0) await (await fileStore()).delete(unused);
  } catch (error) {
    log.error("could not remove files from storage", { error, count: removed.length });
  }
  return removed.length;
}

/** A message deleted by its sender takes its files with it. */
export async function deleteMessageFiles(messageId: number): Promise<number> {
  return removeFiles(eq(attachment.messageId, messageId));
}

/** An account deleted takes every file its owner uploaded, in every chat. */
export async function deleteUserFiles(userId: string): Promise<number> {
  return removeFiles(eq(attachment.uploaderId, userId));
}

/** Uploads never sent with a message, older than a day. */
export async function removeOrphanAttachments(now = Date.now()): Promise<number> {
  return removeFiles(and(isNull(attachment.messageId), lt(attachment.createdAt, new Date(now - ORPHAN_AFTER_MS)))!);
}

const ORPHAN_SWEEP_EVERY_MS = 10 * 60_000;
const globalForSweep = globalThis as unknown as { messengerOrphanSweepAt?: number };

/** New uploads sweep old ones now and then, so no scheduler is needed (Vercel has none by default). */
function removeOrphansNowAndThen(now = Date.now()): void {
  if (now - (globalForSweep.messengerOrphanSweepAt ?? 0) < ORPHAN_SWEEP_EVERY_MS) return;
  globalForSweep.messengerOrphanSweepAt = now;
  removeOrphanAttachments(now).catch((error) => log.error("orphan upload sweep failed", { error }));
}
