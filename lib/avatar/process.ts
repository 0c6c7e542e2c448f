import "server-only";
import { createHash } from "node:crypto";
import sharp, { type Metadata, type Sharp } from "sharp";
import { sniffType, type SniffedType } from "@/lib/attachments/sniff";
import { AppError } from "@/lib/errors";
import { MAX_AVATAR_BYTES, MAX_AVATAR_PIXELS } from "./limits";
import { presetSvg, type PresetId } from "./presets";
import { AVATAR_SIZES } from "./url";

export type AvatarImages = { id: string; large: Buffer; small: Buffer };

// Each upload is decoded once: sharp's operation cache would only hold memory.
sharp.cache(false);

type Format = "jpeg" | "png" | "gif" | "webp";

/** The formats an avatar may be, by what the first bytes announce, in sharp's names for them. */
const AVATAR_FORMATS: Partial<Record<SniffedType, Format>> = { "image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };

/** The format the first bytes announce, read as attachments are. SVG, HEIC, PDF, text and everything else are refused before decoding. */
function sniff(bytes: Uint8Array): Format | null {
  return AVATAR_FORMATS[sniffType(bytes)] ?? null;
}

/**
 * An uploaded image, checked and re-encoded: at most 5 MB, a JPEG, PNG, WebP or GIF whose header
 * and pixels decode, at most 40 megapixels. The result is turned upright by its EXIF orientation,
 * cropped to a centred square and written as 256 and 64 px WebP without any metadata (EXIF, GPS,
 * ICC comments); a GIF gives its first frame. Refusals are AppErrors with a message for people.
 */
export async function processAvatarUpload(bytes: Uint8Array): Promise<AvatarImages> {
  if (bytes.byteLength > MAX_AVATAR_BYTES) throw new AppError("payload_too_large:avatar");
  const format = sniff(bytes);
  if (!format) throw new AppError("unsupported_media_type:avatar");

  const options = { limitInputPixels: MAX_AVATAR_PIXELS, failOn: "error", animated: false } as const;
  let metadata: Metadata;
  try {
    // The header alone: the pixel limit is checked below, with a message that says so.
    metadata = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw new AppError("unprocessable:avatar");
  }
  if (metadata.format !== format || !metadata.width || !metadata.height) throw new AppError("unprocessable:avatar");
  if (metadata.width * metadata.height > MAX_AVATAR_PIXELS) {
    throw new AppError("unprocessable:avatar", {
      message: `This image is too large: at most ${MAX_AVATAR_PIXELS / 1_000_000} megapixels (it has ${metadata.width}×${metadata.height}).`,
    });
  }
  try {
    return await encode(sharp(bytes, options).rotate());
  } catch {
    throw new AppError("unprocessable:avatar");
  }
}

/** A preset picture, through the same encoder as uploads. */
export function renderPreset(id: PresetId): Promise<AvatarImages> {
  return encode(sharp(Buffer.from(presetSvg(id))));
}

async function encode(decoded: Sharp): Promise<AvatarImages> {
  const render = (size: number) =>
    decoded.clone().resize(size, size, { fit: "cover", position: "centre" }).webp({ quality: 82 }).timeout({ seconds: 10 }).toBuffer();
  const [large, small] = await Promise.all([render(AVATAR_SIZES.large), render(AVATAR_SIZES.small)]);
  const id = createHash("sha256").update(large).update(small).digest("hex");
  return { id, large, small };
}
