import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { withErrors } from "@/lib/http/with-errors";
import { contentDisposition, fileStore } from "@/lib/storage/files";
import { LocalStore, TooLargeError } from "@/lib/storage/local";
import { verify } from "@/lib/storage/signing";

type Context = { params: Promise<{ kind: string; id: string }> };

/**
 * The local store's signed URLs: what a bucket's presigned URLs are with S3. The signature, made by
 * the app after its checks (lib/dal/attachments.ts), is the whole authorization: for one key, one
 * operation and a few minutes. With S3 configured this route serves nothing.
 */
async function signedRequest(request: Request, context: Context, op: "get" | "put") {
  const store = await fileStore();
  if (!(store instanceof LocalStore)) throw new AppError("not_found:attachment");
  const { kind, id } = await context.params;
  const key = `${kind}/${id}`;
  const params = verify(new URL(request.url).searchParams, { key });
  if (!params || params.op !== op) {
    // No signature that holds is no authorization at all: the same answer as no session.
    throw new AppError("unauthorized:session", { message: "This link has expired or is not valid." });
  }
  return { store, key, params };
}

// Whatever the bytes are, they are never a page of this app: no script, no plugin, no framing, and a
// sandbox that makes even a document opened directly an opaque origin with nothing allowed.
const LOCKED_DOWN = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox",
  "cross-origin-resource-policy": "same-origin",
};

export const GET = withErrors(async (request, context: Context) => {
  const { store, key, params } = await signedRequest(request, context, "get");
  const object = await store.get(key);
  if (!object) throw new AppError("not_found:attachment");
  const presentation = { filename: params.name ?? "file", contentType: params.type ?? "application/octet-stream", inline: params.inline === "1" };
  return new Response(Readable.toWeb(object.body) as ReadableStream, {
    headers: {
      ...LOCKED_DOWN,
      "content-type": presentation.inline ? presentation.contentType : "application/octet-stream",
      "content-length": String(object.size),
      "content-disposition": contentDisposition(presentation),
      // The same signed URL always names the same bytes.
      "cache-control": "private, max-age=600, immutable",
    },
  });
});

/** PUT the file's bytes, streamed to disk: at most the size declared when the upload was signed. */
export const PUT = withErrors(async (request, context: Context) => {
  const { store, key, params } = await signedRequest(request, context, "put");
  const max = Number(params.max);
  if (Number(request.headers.get("content-length") ?? 0) > max) throw new AppError("payload_too_large:attachment");
  if (!request.body) throw new AppError("bad_request:attachment", { message: "The upload has no body." });
  try {
    await store.receive(key, request.body, max);
  } catch (error) {
    // The declared length can lie: the store counts the bytes themselves as they arrive.
    throw error instanceof TooLargeError ? new AppError("payload_too_large:attachment") : error;
  }
  return new Response(null, { status: 200, headers: LOCKED_DOWN });
});
