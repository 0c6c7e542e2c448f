/**
 * Makes the app's PNG icons from its own SVG (public/icon.svg), with sharp: the manifest's icons,
 * a maskable one (the glyph inside the 80 % safe zone on a full-bleed background, so that a
 * launcher's circle or squircle never cuts it) and the Apple touch icon. Run after changing the
 * SVG: `npm run icons`. The PNGs are committed, so neither a build nor a dev server needs this.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const root = path.resolve(import.meta.dirname, "..");
const svg = readFileSync(path.join(root, "public/icon.svg"), "utf8");
// The same speech bubble on a square without rounded corners, scaled into the safe zone.
const glyph = svg.match(/<path[^>]*\/>/)?.[0];
if (!glyph) throw new Error("public/icon.svg has no <path>: the maskable icon needs its glyph");
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#4f46e5"/><g transform="translate(9.6 9.6) scale(0.7)">${glyph}</g></svg>`;

const outputs: { file: string; source: string; size: number }[] = [
  { file: "icon-192.png", source: svg, size: 192 },
  { file: "icon-512.png", source: svg, size: 512 },
  { file: "maskable-512.png", source: maskable, size: 512 },
  { file: "apple-touch-icon.png", source: maskable, size: 180 },
  { file: "badge-96.png", source: svg, size: 96 },
];

for (const { file, source, size } of outputs) {
  await sharp(Buffer.from(source), { density: (72 * size) / 64 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(root, "public/icons", file));
  console.log(`public/icons/${file} (${size}×${size})`);
}
