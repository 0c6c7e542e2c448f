import { MAX_AVATAR_BYTES } from "@/lib/avatar/limits";
import { AppError } from "@/lib/errors";
import { readBody } from "./body";

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
  return readBody(request, MAX_AVATAR_BYTES, "payload_too_large:avatar");
}
