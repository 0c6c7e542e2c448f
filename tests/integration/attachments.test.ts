import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { attachment } from "@/db/schema";
import { GET as serveFile, PUT as receiveFile } from "@/app/api/files/[kind]/[id]/route";
import { deleteAccount } from "@/lib/dal/account";
import { attachmentDownloadUrl, cancelAttachment, completeAttachment, createAttachment, ORPHAN_AFTER_MS, removeOrphanAttachments } from "@/lib/dal/attachments";
import { listConversationPage, openDirectConversation } from "@/lib/dal/conversations";
import { deleteMessage, forwardMessage, getMessagesPage, sendMessage } from "@/lib/dal/messages";
import { createUser, type Actor } from "@/lib/dal/users";
import { createStore, type FileStore } from "@/lib/storage/files";
import { jpegWithExif, png, SVG } from "@/tests/support/images";
import { startS3Server } from "@/tests/support/s3-server";

// Small limits, so that the quota and the count are reached with a few small files. env() reads
// these on its first call, which comes after this.
process.env.FILES_DIR = mkdtempSync(join(tmpdir(), "messenger-files-"));
process.env.ATTACHMENT_MAX_BYTES = String(2 * 1024 * 1024);
process.env.ATTACHMENTS_PER_MESSAGE = "3";
process.env.ATTACHMENT_QUOTA_BYTES = String(3 * 1024 * 1024);

let s3: Awaited<ReturnType<typeof startS3Server>>;
beforeAll(async () => {
  s3 = await startS3Server();
}, 30_000);
afterAll(async () => {
  await s3?.stop();
});

const globalForStore = globalThis as unknown as { messengerFileStore?: Promise<FileStore> };

/** What a browser does with a signed upload: the local store's URL is this app's route, S3's the bucket's. */
async function upload(store: FileStore, target: { url: string; method: string; headers: Record<string, string> }, bytes: Uint8Array) {
  const init = { method: target.method, headers: target.headers, body: bytes } as RequestInit;
  if (store.driver === "s3") return fetch(target.url, init);
  const url = new URL(target.url, "http://app.test");
  const [, , , kind, id] = url.pathname.split("/");
  return receiveFile(new Request(url, init), { params: Promise.resolve({ kind: kind!, id: id! }) });
}

/** What a browser gets from a signed download URL. */
async function download(store: FileStore, signed: string): Promise<Response> {
  if (store.driver === "s3") return fetch(signed);
  const url = new URL(signed, "http://app.test");
  const [, , , kind, id] = url.pathname.split("/");
  return serveFile(new Request(url), { params: Promise.resolve({ kind: kind!, id: id! }) });
}

const drivers = [
  { name: "local disk", make: () => createStore({ driver: "local", dir: process.env.FILES_DIR! }) },
  { name: "S3-compatible server", make: () => createStore(s3.config) },
];

let counter = 0;
for (const driver of drivers) {
  describe(`files on ${driver.name}`, () => {
    let store: FileStore;
    let ana: Actor;
    let ben: Actor;
    let eve: Actor;
    let chat: string;

    beforeAll(async () => {
      store = await driver.make();
      globalForStore.messengerFileStore = Promise.resolve(store);
      const n = ++counter;
      ana = await createUser({ username: `ana${n}`, password: "password-ana" });
      ben = await createUser({ username: `ben${n}`, password: "password-ben" });
      eve = await createUser({ username: `eve${n}`, password: "password-eve" });
      chat = await openDirectConversation(ana, ben.id);
    });

    /** Creates, uploads and completes one file for the message `clientId`. */
    async function attach(actor: Actor, clientId: string, name: string, bytes: Uint8Array) {
      const { attachment: created, upload: target } = await createAttachment(actor, chat, { clientId, name, size: bytes.byteLength });
      const put = await upload(store, target, bytes);
      expect(put.status).toBe(200);
      return completeAttachment(actor, created.id);
    }

    it("puts, presigns, gets and deletes objects", async () => {
      const key = `u/${"k".repeat(22)}`;
      await store.put(key, Buffer.from("hello"), "text/plain");
      expect(await store.size(key)).toBe(5);
      expect(Buffer.from((await store.readStart(key, 3))!).toString()).toBe("hel");
      const object = (await store.get(key))!;
      const chunks: Buffer[] = [];
      for await (const c of object.body) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe("hello");

      const other = `u/${"p".repeat(22)}`;
      const target = await store.presignUpload(other, 4, 60);
      expect((await upload(store, target, Buffer.from("data"))).status).toBe(200);
      expect(await store.size(other)).toBe(4);
      // s3rver canonicalizes a signed query with encodeURIComponent, where S3 and its SDK use RFC
      // 3986: a value with an apostrophe (RFC 5987's filename*=UTF-8'') cannot be signed for it.
      const filename = store.driver === "local" ? "ünï <x>.html" : "notes <x>.html";
      const signed = await store.presignDownload(
        other,
        { filename, contentType: "application/octet-stream", inline: false },
        { from: Date.now(), seconds: 60 },
      );
      const response = await download(store, signed);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
      if (store.driver === "local") expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''%C3%BCn%C3%AF%20%3Cx%3E.html");
      expect(await response.text()).toBe("data");

      await store.delete([key, other, `u/${"z".repeat(22)}`]);
      expect(await store.size(key)).toBeNull();
      expect(await store.get(other)).toBeNull();
    });

    it("refuses an upload URL used for another key or with more bytes than signed", async () => {
      const target = await store.presignUpload(`u/${"q".repeat(22)}`, 4, 60);
      const tooMany = await upload(store, target, Buffer.from("12345678"));
      expect(tooMany.status).toBeGreaterThanOrEqual(400);
      expect(await store.size(`u/${"q".repeat(22)}`)).toBeNull();
      if (store.driver === "local") {
        const forged = new URL(target.url, "http://app.test");
        forged.pathname = forged.pathname.replace("q".repeat(22), "r".repeat(22));
        const response = await upload(store, { ...target, url: forged.pathname + forged.search }, Buffer.from("1234"));
        expect(response.status).toBe(401);
      }
    });

    it("sends two photos and a PDF with a caption: thumbnails, dimensions, no EXIF, once however often retried", async () => {
      const clientId = crypto.randomUUID();
      const photo = await attach(ana, clientId, "holiday.jpg", await jpegWithExif());
      const chart = await attach(ana, clientId, "chart.png", await png(300, 200));
      const pdf = await attach(ana, clientId, "report.pdf", Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"));
      expect(photo).toMatchObject({ kind: "image", type: "image/jpeg", width: 200, height: 400 });
      expect(chart).toMatchObject({ kind: "image", type: "image/png", width: 300, height: 200 });
      expect(pdf).toMatchObject({ kind: "file", type: "application/pdf", width: null, height: null });

      const input = { conversationId: chat, clientId, body: "our trip", attachments: [photo.id, chart.id, pdf.id] };
      const first = await sendMessage(ana, input);
      const again = await sendMessage(ana, input);
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.message.id).toBe(first.message.id);
      expect(first.message.attachments.map((a) => a.name)).toEqual(["holiday.jpg", "chart.png", "report.pdf"]);
      expect(again.message.attachments).toEqual(first.message.attachments);
      const page = await getMessagesPage(ben, chat);
      expect(page.messages.at(-1)!.attachments).toEqual(first.message.attachments);
      const list = await listConversationPage(ben, {});
      expect(list.conversations.find((c) => c.id === chat)!.lastMessage!.body).toBe("📎 3 files our trip");

      // Ben downloads the photo: re-encoded, upright, without the EXIF it was sent with.
      const full = await download(store, await attachmentDownloadUrl(ben, photo.id, "full"));
      expect(full.status).toBe(200);
      expect(full.headers.get("content-type")).toBe("image/jpeg");
      expect(full.headers.get("content-disposition")).toMatch(/^inline/);
      const bytes = Buffer.from(await full.arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(bytes.includes("private-exif-marker")).toBe(false);
      expect([metadata.width, metadata.height]).toEqual([200, 400]);
      const thumb = await download(store, await attachmentDownloadUrl(ben, photo.id, "thumb"));
      expect(thumb.headers.get("content-type")).toBe("image/webp");

      const file = await download(store, await attachmentDownloadUrl(ben, pdf.id, "download"));
      expect(file.headers.get("content-type")).toBe("application/octet-stream");
      expect(file.headers.get("content-disposition")).toBe('attachment; filename="report.pdf"');
      await expect(attachmentDownloadUrl(ben, pdf.id, "full")).rejects.toMatchObject({ status: 404 });

      // Deleting the message deletes its files.
      const db = await getDb();
      const keys = (await db.select().from(attachment).where(eq(attachment.messageId, first.message.id)))
        .flatMap((a) => [a.storageKey, a.thumbKey])
        .filter((k): k is string => k !== null);
      expect(keys.length).toBe(5);
      await deleteMessage(ana, { messageId: first.message.id });
      for (const key of keys) expect(await store.size(key)).toBeNull();
      await expect(attachmentDownloadUrl(ben, photo.id, "full")).rejects.toMatchObject({ status: 404 });
    });

    it("forwards files with a message: the copy's own rows over the same objects, which go with the last of them", async () => {
      const clientId = crypto.randomUUID();
      const photo = await attach(ana, clientId, "forwarded.png", await png(40, 30));
      const pdf = await attach(ana, clientId, "forwarded.pdf", Buffer.from("%PDF-1.4\n%%EOF\n"));
      const { message: original } = await sendMessage(ana, { conversationId: chat, clientId, body: "see these", attachments: [photo.id, pdf.id] });
      const elsewhere = await openDirectConversation(ben, eve.id);
      const forward = { messageId: original.id, clientId: crypto.randomUUID(), conversationIds: [elsewhere] };
      const [copy] = (await forwardMessage(ben, forward)).messages;
      expect(copy!.attachments.map((a) => [a.name, a.kind])).toEqual([
        ["forwarded.png", "image"],
        ["forwarded.pdf", "file"],
      ]);
      expect(copy!.attachments.map((a) => a.id)).not.toContain(photo.id);
      // A retry binds nothing twice; Eve, who never saw the original, reads the copy's files and not the original's.
      expect((await forwardMessage(ben, forward)).messages[0]!.attachments).toEqual(copy!.attachments);
      expect((await getMessagesPage(eve, elsewhere)).messages.at(-1)!.attachments).toEqual(copy!.attachments);
      const copiedPhoto = copy!.attachments[0]!.id;
      expect((await download(store, await attachmentDownloadUrl(eve, copiedPhoto, "full"))).status).toBe(200);
      await expect(attachmentDownloadUrl(eve, photo.id, "full")).rejects.toMatchObject({ status: 403 });
      const list = await listConversationPage(eve, {});
      expect(list.conversations.find((c) => c.id === elsewhere)!.lastMessage!.body).toBe("📎 2 files see these");

      // The original deleted, the copy's files stay; the copy deleted too, the objects go.
      const db = await getDb();
      const keys = (await db.select().from(attachment).where(eq(attachment.messageId, original.id)))
        .flatMap((a) => [a.storageKey, a.thumbKey])
        .filter((k): k is string => k !== null);
      await deleteMessage(ana, { messageId: original.id });
      for (const key of keys) expect(await store.size(key)).not.toBeNull();
      const kept = await download(store, await attachmentDownloadUrl(eve, copy!.attachments[1]!.id, "download"));
      expect(await kept.text()).toBe("%PDF-1.4\n%%EOF\n");
      await deleteMessage(ben, { messageId: copy!.id });
      for (const key of keys) expect(await store.size(key)).toBeNull();
    });

    it("gives a non-member 403 for a download, and no one else an unsent file", async () => {
      const clientId = crypto.randomUUID();
      const file = await attach(ana, clientId, "secret.png", await png(20, 20));
      await expect(attachmentDownloadUrl(ben, file.id, "full")).rejects.toMatchObject({ status: 404 });
      await sendMessage(ana, { conversationId: chat, clientId, body: "", attachments: [file.id] });
      await expect(attachmentDownloadUrl(eve, file.id, "full")).rejects.toMatchObject({ status: 403, code: "forbidden:conversation" });
      await expect(attachmentDownloadUrl(eve, file.id, "download")).rejects.toMatchObject({ status: 403 });
      await expect(createAttachment(eve, chat, { clientId: crypto.randomUUID(), name: "x", size: 1 })).rejects.toMatchObject({ status: 403 });
      await expect(completeAttachment(eve, file.id)).rejects.toMatchObject({ status: 404 });
      expect(await attachmentDownloadUrl(ben, file.id, "full")).toBeTruthy();
    });

    it("serves an SVG with a script and an HTML file only as downloads of opaque bytes", async () => {
      const clientId = crypto.randomUUID();
      const svg = await attach(ana, clientId, "logo.svg", SVG);
      const html = await attach(ana, clientId, "page.html", Buffer.from("<!doctype html><script>alert(document.cookie)</script>"));
      expect(svg).toMatchObject({ kind: "file", type: "application/octet-stream" });
      expect(html).toMatchObject({ kind: "file", type: "application/octet-stream" });
      await sendMessage(ana, { conversationId: chat, clientId, body: "", attachments: [svg.id, html.id] });
      for (const f of [svg, html]) {
        await expect(attachmentDownloadUrl(ben, f.id, "full")).rejects.toMatchObject({ status: 404 });
        const response = await download(store, await attachmentDownloadUrl(ben, f.id, "download"));
        expect(response.headers.get("content-type")).toBe("application/octet-stream");
        expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
        if (store.driver === "local") {
          expect(response.headers.get("x-content-type-options")).toBe("nosniff");
          expect(response.headers.get("content-security-policy")).toContain("sandbox");
        }
      }
    });

    it("refuses before the upload a file over the size limit, a fourth file and one past the quota", async () => {
      const clientId = crypto.randomUUID();
      await expect(createAttachment(ana, chat, { clientId, name: "big.bin", size: 2 * 1024 * 1024 + 1 })).rejects.toMatchObject({
        status: 413,
        message: expect.stringContaining("at most 2 MB"),
      });
      for (let i = 0; i < 3; i++) await createAttachment(ana, chat, { clientId, name: `f${i}.bin`, size: 100 });
      await expect(createAttachment(ana, chat, { clientId, name: "f3.bin", size: 100 })).rejects.toMatchObject({
        status: 400,
        message: "A message can carry at most 3 files.",
      });
      const a = await createAttachment(ben, chat, { clientId: crypto.randomUUID(), name: "one.bin", size: 2 * 1024 * 1024 });
      await expect(createAttachment(ben, chat, { clientId: crypto.randomUUID(), name: "two.bin", size: 1024 * 1024 + 1 })).rejects.toMatchObject({
        status: 413,
        code: "payload_too_large:quota",
      });
      // A cancelled upload gives its share of the quota back.
      await cancelAttachment(ben, a.attachment.id);
      await createAttachment(ben, chat, { clientId: crypto.randomUUID(), name: "two.bin", size: 1024 * 1024 + 1 });
      // Sending files not yet uploaded, or another person's, is refused and stores nothing.
      await expect(sendMessage(ana, { conversationId: chat, clientId, body: "", attachments: [a.attachment.id] })).rejects.toMatchObject({ status: 409 });
      expect((await getMessagesPage(ana, chat)).messages.some((m) => m.clientId === clientId)).toBe(false);
    });

    it("removes uploads never sent after a day, and keeps the sent ones", async () => {
      const orphan = await attach(ana, crypto.randomUUID(), "forgotten.png", await png(10, 10));
      const clientId = crypto.randomUUID();
      const kept = await attach(ana, clientId, "kept.png", await png(10, 10));
      await sendMessage(ana, { conversationId: chat, clientId, body: "", attachments: [kept.id] });
      expect(await removeOrphanAttachments(Date.now())).toBe(0);
      expect(await removeOrphanAttachments(Date.now() + ORPHAN_AFTER_MS + 60_000)).toBeGreaterThanOrEqual(1);
      const db = await getDb();
      expect(await db.query.attachment.findFirst({ where: eq(attachment.id, orphan.id) })).toBeUndefined();
      expect(await store.size(`f/${orphan.id}`)).toBeNull();
      expect(await store.size(`f/${kept.id}`)).not.toBeNull();
    });

    it("deletes a person's files with their account", async () => {
      const clientId = crypto.randomUUID();
      const mine = await attach(eve, clientId, "eve.png", await png(10, 10)).catch(() => null);
      // Eve is in no chat here; Ben's own files stand in for a person leaving.
      expect(mine).toBeNull();
      const file = await attach(ben, clientId, "ben.png", await png(10, 10));
      await sendMessage(ben, { conversationId: chat, clientId, body: "bye", attachments: [file.id] });
      await deleteAccount(ben, { password: "password-ben" });
      expect(await store.size(`f/${file.id}`)).toBeNull();
      expect(await store.size(`t/${file.id}`)).toBeNull();
      const db = await getDb();
      expect(await db.query.attachment.findFirst({ where: eq(attachment.id, file.id) })).toBeUndefined();
    });
  });
}
