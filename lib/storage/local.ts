import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FileStore, Presentation, PresignedUpload, Validity } from "./files";
import { sign } from "./signing";

/** Keys are made by the app from random ids; anything else is refused before it reaches a path. */
const KEY = /^[a-z]\/[A-Za-z0-9_-]{16,64}$/;

export class TooLargeError extends Error {}

/**
 * Files on local disk under one folder. Uploads and downloads go through the app's /api/files
 * route with signed URLs, streamed both ways: memory does not grow with the file.
 */
export class LocalStore implements FileStore {
  readonly driver = "local" as const;
  private readonly root: string;

  constructor(dir: string) {
    this.root = path.resolve(dir);
  }

  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error("invalid storage key");
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${crypto.randomUUID()}.part`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  }

  /**
   * Streams an upload to disk, refusing it as soon as it passes `maxBytes`. It lands under a
   * temporary name and is renamed whole, so a reader never sees half a file.
   */
  async receive(key: string, body: ReadableStream<Uint8Array> | Readable, maxBytes: number): Promise<number> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${crypto.randomUUID()}.part`;
    let total = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        total += chunk.length;
        done(total > maxBytes ? new TooLargeError() : null, chunk);
      },
    });
    const source = body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream);
    try {
      await pipeline(source, counter, createWriteStream(temporary));
      await rename(temporary, target);
      return total;
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<{ body: Readable; size: number } | null> {
    const size = await this.size(key);
    if (size === null) return null;
    return { body: createReadStream(this.pathOf(key)), size };
  }

  async readStart(key: string, count: number): Promise<Uint8Array | null> {
    const handle = await open(this.pathOf(key), "r").catch(() => null);
    if (!handle) return null;
    try {
      const buffer = Buffer.alloc(count);
      const { bytesRead } = await handle.read(buffer, 0, count, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async size(key: string): Promise<number | null> {
    const info = await stat(this.pathOf(key)).catch(() => null);
    return info?.isFile() ? info.size : null;
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.pathOf(k), { force: true })));
  }

  async presignUpload(key: string, size: number, expiresInSeconds: number): Promise<PresignedUpload> {
    const params = { op: "put", max: String(size), exp: String(Date.now() + expiresInSeconds * 1000) };
    return { url: signedPath(key, params), method: "PUT", headers: { "content-type": "application/octet-stream" } };
  }

  async presignDownload(key: string, presentation: Presentation, validity: Validity): Promise<string> {
    const params = {
      op: "get",
      exp: String(validity.from + validity.seconds * 1000),
      name: presentation.filename,
      type: presentation.contentType,
      inline: presentation.inline ? "1" : "0",
    };
    return signedPath(key, params);
  }
}

function signedPath(key: string, params: Record<string, string>): string {
  const all = { ...params, key };
  const query = new URLSearchParams({ ...params, sig: sign(all) });
  return `/api/files/${key}?${query}`;
}
