import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { BLUE, gif, isBluish, isReddish, jpegWithExif, noisyPng, pixelAt, png, pngHeaderOnly, SVG, twoTone, webp, RED } from "@/tests/support/images";
import { MAX_AVATAR_BYTES } from "./limits";
import { processAvatarUpload, renderPreset } from "./process";
import { PRESET_IDS } from "./presets";

async function expectSquareWebp(image: Buffer, size: number) {
  const meta = await sharp(image).metadata();
  expect(meta).toMatchObject({ format: "webp", width: size, height: size });
  expect(meta.exif).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
}

describe("accepted uploads", () => {
  it("crops a PNG to its centred square and stores 256 and 64 px WebP", async () => {
    // 300×200, red left half, blue right: the centred 200×200 square is half red, half blue.
    const out = await processAvatarUpload(await png(300, 200));
    await expectSquareWebp(out.large, 256);
    await expectSquareWebp(out.small, 64);
    expect(isReddish(await pixelAt(out.large, 20, 128))).toBe(true);
    expect(isBluish(await pixelAt(out.large, 236, 128))).toBe(true);
    expect(out.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("turns a JPEG upright by its EXIF orientation and strips the EXIF", async () => {
    const input = await jpegWithExif();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    expect(input.includes("private-exif-marker")).toBe(true);

    const out = await processAvatarUpload(input);
    await expectSquareWebp(out.large, 256);
    // Stored sideways (red left, blue right) and viewed rotated 90° clockwise: red on top, blue below.
    expect(isReddish(await pixelAt(out.large, 128, 20))).toBe(true);
    expect(isBluish(await pixelAt(out.large, 128, 236))).toBe(true);
    for (const image of [out.large, out.small]) {
      expect(image.includes("private-exif-marker")).toBe(false);
      expect(image.includes("Secret Person")).toBe(false);
    }
  });

  it("takes a GIF and a WebP", async () => {
    for (const input of [await gif(), await webp()]) {
      const out = await processAvatarUpload(input);
      await expectSquareWebp(out.large, 256);
      await expectSquareWebp(out.small, 64);
    }
  });

  it("names the same image the same way (content hash) and a different one differently", async () => {
    const a = await processAvatarUpload(await png(300, 200));
    const b = await processAvatarUpload(await png(300, 200));
    const c = await processAvatarUpload(await (await twoTone(300, 200, BLUE, RED)).png().toBuffer());
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
  });
});

describe("refused uploads", () => {
  it("refuses a truncated PNG and a truncated JPEG as damaged", async () => {
    for (const whole of [await png(300, 200), await jpegWithExif()]) {
      const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
      await expect(processAvatarUpload(truncated)).rejects.toMatchObject({
        code: "unprocessable:avatar",
        status: 422,
        message: expect.stringContaining("damaged or incomplete"),
      });
    }
  });

  it("refuses an SVG, even one named and typed like an image", async () => {
    await expect(processAvatarUpload(SVG)).rejects.toMatchObject({
      code: "unsupported_media_type:avatar",
      status: 415,
      message: "Upload a JPEG, PNG, WebP or GIF image.",
    });
  });

  it("refuses a file that is not an image", async () => {
    await expect(processAvatarUpload(Buffer.from("just some text, not a picture"))).rejects.toMatchObject({
      code: "unsupported_media_type:avatar",
    });
    await expect(processAvatarUpload(Buffer.alloc(0))).rejects.toMatchObject({ code: "unsupported_media_type:avatar" });
  });

  it("refuses a 30000×30000 PNG from its header, before decoding any pixels", async () => {
    const bomb = pngHeaderOnly(30_000, 30_000);
    expect(bomb.length).toBeLessThan(100);
    const started = performance.now();
    await expect(processAvatarUpload(bomb)).rejects.toMatchObject({
      code: "unprocessable:avatar",
      message: expect.stringContaining("at most 40 megapixels"),
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses a 6 MB image as too large", async () => {
    const big = await noisyPng(6 * 1024 * 1024);
    expect(big.length).toBeGreaterThan(MAX_AVATAR_BYTES);
    expect(big.length).toBeLessThan(7 * 1024 * 1024);
    await expect(processAvatarUpload(big)).rejects.toMatchObject({
      code: "payload_too_large:avatar",
      status: 413,
      message: "Images can be at most 5 MB.",
    });
  });

  it("refuses a PNG whose content is a different format than its signature claims", async () => {
    const jpeg = await jpegWithExif();
    const disguised = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), jpeg]);
    await expect(processAvatarUpload(disguised)).rejects.toMatchObject({ code: "unprocessable:avatar" });
  });
});

it("renders every preset through the same encoder", async () => {
  const ids = new Set<string>();
  for (const preset of PRESET_IDS) {
    const out = await renderPreset(preset);
    await expectSquareWebp(out.large, 256);
    ids.add(out.id);
  }
  expect(ids.size).toBe(PRESET_IDS.length);
});
