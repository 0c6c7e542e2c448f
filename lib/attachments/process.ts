import "server-only";
import sharp from "sharp";
import type { SniffedType } from "./sniff";

sharp.cache(false);

/** Decoding bombs stop here: 50 megapixels is more than any phone camera's photo. */
export const MAX_IMAGE_PIXELS = 50_000_000;
const FULL_EDGE = 4096;
const THUMB_EDGE = 640;

export type ProcessedImage = {
  full: { bytes: Buffer; type: string };
  thumb: { bytes: Buffer; type: string };
  width: number;
  height: number;
};

/**
 * An image as others get it: decoded and re-encoded by sharp, upright by its EXIF orientation,
 * without any metadata (EXIF, GPS, XMP, comments), at most 4096 px on its longest side, with a
 * 640 px WebP thumbnail. Its width and height are the shown image's, so a bubble can reserve its
 * space before the image loads. Null when sharp cannot read it: then it is only a file to download.
 */
export async function processImage(bytes: Uint8Array, type: SniffedType): Promise<ProcessedImage | null> {
  const animated = type === "image/gif" || type === "image/webp";
  try {
    const header = await sharp(bytes, { limitInputPixels: false, animated }).metadata();
    const frameHeight = header.pageHeight ?? header.height;
    if (!header.width || !frameHeight || header.width * frameHeight > MAX_IMAGE_PIXELS) return null;
    const multiFrame = animated && (header.pages ?? 1) > 1;
    const input = () => sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, animated: multiFrame, failOn: "error" });
    // Animated images keep their frames and cannot be rotated by orientation; they carry none anyway.
    const upright = () => (multiFrame ? input() : input().rotate());
    const resized = upright().resize(FULL_EDGE, FULL_EDGE, { fit: "inside", withoutEnlargement: true });
    const full =
      type === "image/png"
        ? { bytes: await resized.png().toBuffer({ resolveWithObject: true }), type: "image/png" }
        : type === "image/gif"
          ? { bytes: await resized.gif().toBuffer({ resolveWithObject: true }), type: "image/gif" }
          : type === "image/webp"
            ? { bytes: await resized.webp({ quality: 85 }).toBuffer({ resolveWithObject: true }), type: "image/webp" }
            : { bytes: await resized.jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true }), type: "image/jpeg" };
    const thumb = await upright().resize(THUMB_EDGE, THUMB_EDGE, { fit: "inside", withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
    const { width, height } = full.bytes.info;
    return {
      full: { bytes: full.bytes.data, type: full.type },
      thumb: { bytes: thumb, type: "image/webp" },
      width,
      height: multiFrame ? (full.bytes.info.pageHeight ?? height) : height,
    };
  } catch {
    return null;
  }
}
