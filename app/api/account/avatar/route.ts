import { setAvatarFromUpload } from "@/lib/dal/avatars";
import { requireUser } from "@/lib/dal/session";
import { MAX_AVATAR_BYTES } from "@/lib/avatar/limits";
import { AppError, errorResponse } from "@/lib/errors";

/**
 * POST the image file itself as the body (not a form). Its content type must be an image type or
 * application/octet-stream: a cross-site form cannot send either without the browser asking first,
 * which keeps this cookie-authenticated endpoint out of reach of CSRF. The type is only a gate;
 * the bytes decide what the file is.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await requireUser();
    const type = request.headers.get("content-type")?.toLowerCase() ?? "";
    if (!type.startsWith("image/") && !type.startsWith("application/octet-stream")) {
      throw new AppError("unsupported_media_type:avatar");
    }
    const bytes = await readAtMost(request, MAX_AVATAR_BYTES);
    const avatarId = await setAvatarFromUpload(actor, bytes);
    return Response.json({ avatarId });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The body, or a 413 as soon as it passes `limit` bytes: an oversize upload is never held whole. */
async function readAtMost(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw new AppError("payload_too_large:avatar");
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new AppError("payload_too_large:avatar");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
