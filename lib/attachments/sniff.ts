/**
 * What a file is, from its first bytes alone: the name and the browser's word are the sender's to
 * choose. Only the image formats sharp decodes matter for what is shown; the rest is for the label.
 */
export type SniffedType =
  "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/heic" | "image/avif" | "application/pdf" | "application/zip" | "application/octet-stream";

export const SNIFF_BYTES = 32;

export function sniffType(bytes: Uint8Array): SniffedType {
  const starts = (signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
  const ascii = (text: string, at = 0) =>
    starts(
      [...text].map((c) => c.charCodeAt(0)),
      at,
    );
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (ascii("GIF87a") || ascii("GIF89a")) return "image/gif";
  if (ascii("RIFF") && ascii("WEBP", 8)) return "image/webp";
  if (ascii("ftyp", 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].includes(brand)) return "image/heic";
    if (brand === "avif" || brand === "avis") return "image/avif";
  }
  if (ascii("%PDF-")) return "application/pdf";
  if (starts([0x50, 0x4b, 0x03, 0x04])) return "application/zip";
  return "application/octet-stream";
}

export function mayBeImage(type: SniffedType): boolean {
  return type.startsWith("image/");
}
