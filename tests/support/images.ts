import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import sharp from "sharp";

/**
 * Test images made on the spot with real sharp (and, for the header-only bomb, by hand), so no
 * binary fixtures live in the repository.
 */
export type Rgb = { r: number; g: number; b: number };
export const RED: Rgb = { r: 255, g: 0, b: 0 };
export const BLUE: Rgb = { r: 0, g: 0, b: 255 };

/** Left half one colour, right half another: shows whether a crop or a rotation happened. */
export async function twoTone(width: number, height: number, left: Rgb, right: Rgb) {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: left } }).composite([
    {
      input: { create: { width: width - half, height, channels: 3, background: right } },
      left: half,
      top: 0,
    },
  ]);
}

export async function png(width = 300, height = 200): Promise<Buffer> {
  return (await twoTone(width, height, RED, BLUE)).png().toBuffer();
}

/**
 * A JPEG stored sideways with EXIF orientation 6 ("rotate 90° clockwise to view"), carrying
 * identifying EXIF fields that must not survive.
 */
export async function jpegWithExif(): Promise<Buffer> {
  const raw = await (await twoTone(400, 200, RED, BLUE)).jpeg().toBuffer();
  return sharp(raw)
    .withExif({ IFD0: { Artist: "Secret Person", Copyright: "private-exif-marker" } })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function gif(): Promise<Buffer> {
  return (await twoTone(120, 120, RED, BLUE)).gif().toBuffer();
}

export async function webp(): Promise<Buffer> {
  return (await twoTone(200, 300, RED, BLUE)).webp().toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG whose header claims width × height pixels, with almost no data: a decompression bomb's calling card. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real PNG over `bytes` long: noise does not compress. */
export async function noisyPng(minBytes: number): Promise<Buffer> {
  const side = Math.ceil(Math.sqrt(minBytes / 3)) + 16;
  const pixels = randomBytes(side * side * 3);
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

export const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100" fill="red"/></svg>',
);

/** The colour at (x, y) of an encoded image. */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return { r: data[i]!, g: data[i + 1]!, b: data[i + 2]! };
}

export function isReddish({ r, g, b }: Rgb) {
  return r > 180 && g < 80 && b < 80;
}
export function isBluish({ r, g, b }: Rgb) {
  return b > 180 && r < 80 && g < 80;
}
