import { MAX_AVATAR_BYTES } from "@/lib/avatar/limits";
import { AppError } from "@/lib/errors";

/**
 * The bytes of an avatar upload: the file itself as the body (not a form), with an image or
 * octet-stream content type. A cross-site form can send neither without the browser asking first,
 * which keeps these cookie-authenticated endpoints out of reach of CSRF; the bytes, not the type,
 * decide what the file is. An oversize body is refused as soon as it passes the limit, never held whole.
 */
export async function readAvatarUpload(request: Request): Promise<Uint8Array> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (!type.startsWith("image/") && !type.startsWith("application/octet-stream")) {
    throw new AppError("unsupported_media_type:avatar");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_AVATAR_BYTES) throw new AppError("payload_too_large:avatar");
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_AVATAR_BYTES) {
      await reader.cancel();
      throw new AppError("payload_too_large:avatar");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
