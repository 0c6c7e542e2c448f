import "server-only";
import type { Readable } from "node:stream";
import { env, type FilesConfig } from "@/lib/env";

/** A request the browser makes itself, straight to the store: an upload's PUT. */
export type PresignedUpload = { url: string; method: "PUT"; headers: Record<string, string> };

export type Validity = { from: number; seconds: number };

/** How a download is served: inline only for images the server re-encoded, else as a file to save. */
export type Presentation = { filename: string; contentType: string; inline: boolean };

/**
 * Where the bytes of files in messages live. Two drivers: local disk (self-hosting, `npm run dev`)
 * and an S3-compatible bucket (production, Vercel). The browser uploads and downloads through
 * short-lived signed URLs from either, so no file passes through a serverless function's body
 * limit; the app signs one only after checking who asks. Keys are random and never shown.
 */
export interface FileStore {
  readonly driver: "local" | "s3";
  /** Stores bytes the server made itself (an image re-encoded, a thumbnail). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes as a stream, or null when there is none. */
  get(key: string): Promise<{ body: Readable; size: number } | null>;
  /** At most the first `count` bytes: enough to tell the type. */
  readStart(key: string, count: number): Promise<Uint8Array | null>;
  size(key: string): Promise<number | null>;
  /** Removes objects; ones already gone are no error. */
  delete(keys: string[]): Promise<void>;
  /** A PUT of exactly `size` bytes to `key`, valid for `expiresInSeconds`. */
  presignUpload(key: string, size: number, expiresInSeconds: number): Promise<PresignedUpload>;
  /**
   * A GET of `key` served as `presentation`, signed as of `validity.from` (ms) for `validity.seconds`.
   * The same arguments give the same URL, so a browser's cache can serve a file shown twice.
   */
  presignDownload(key: string, presentation: Presentation, validity: Validity): Promise<string>;
}

/**
 * Content-Disposition with a name any browser reads, without letting the name break the header: a
 * plain ASCII name as a quoted string (quotes, backslashes and the characters URL encoders disagree
 * on replaced), and the exact name as RFC 5987's filename* only when it needs more than that.
 */
export function contentDisposition(presentation: Presentation): string {
  const kind = presentation.inline ? "inline" : "attachment";
  const ascii = presentation.filename.replace(/[^\x20-\x7e]|["\\'()*!%]/g, "_");
  if (ascii === presentation.filename) return `${kind}; filename="${ascii}"`;
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(presentation.filename)}`;
}

const globalForStore = globalThis as unknown as { messengerFileStore?: Promise<FileStore> };

/** The configured store, made once per process. The S3 SDK loads only where it is used. */
export function fileStore(): Promise<FileStore> {
  globalForStore.messengerFileStore ??= createStore(env().files.storage);
  return globalForStore.messengerFileStore;
}

export async function createStore(config: FilesConfig["storage"]): Promise<FileStore> {
  if (config.driver === "s3") return new (await import("./s3")).S3Store(config);
  return new (await import("./local")).LocalStore(config.dir);
}
