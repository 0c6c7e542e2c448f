import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { aliceChatsWithBob, messageLog, test } from "../fixtures";
import { jpegWithExif, png, SVG } from "../support/images";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
const tray = (page: Page) => page.getByRole("list", { name: "Files to send" });

/** Pastes files into the message box as a clipboard would: a real paste event carrying a DataTransfer. */
async function pasteFile(page: Page, name: string, type: string, bytes: Buffer) {
  await composer(page).evaluate(
    (box, { name, type, base64 }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
      box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name, type, base64: bytes.toString("base64") },
  );
}

/** Counts dialogs and CSP violations from the first script on: what an executed file would cause. */
async function watchForExecution(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: number }).cspViolations = 0;
    document.addEventListener("securitypolicyviolation", () => (window as unknown as { cspViolations: number }).cspViolations++);
  });
  return { dialogs, violations: () => page.evaluate(() => (window as unknown as { cspViolations: number }).cspViolations) };
}

test("two photos and a PDF with a caption, by file picker and paste, arrive live; the lightbox opens; the PDF downloads", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await bob.page.goto(chatPath);
  await expect(messageLog(bob.page)).toBeVisible();

  await alice.page.getByTestId("attach-input").setInputFiles([
    { name: "holiday.jpg", mimeType: "image/jpeg", buffer: await jpegWithExif() },
    { name: "report.pdf", mimeType: "application/pdf", buffer: PDF },
  ]);
  await pasteFile(alice.page, "screenshot.png", "image/png", await png(300, 200));
  await expect(tray(alice.page).getByText("Ready")).toHaveCount(3, { timeout: 30_000 });
  await composer(alice.page).fill("our trip");
  await alice.page.getByRole("button", { name: "Send" }).click();
  await expect(tray(alice.page)).toHaveCount(0);

  // Bob never reloads: the message and its thumbnails arrive over the realtime connection.
  const log = messageLog(bob.page);
  await expect(log.getByText("our trip", { exact: true })).toBeVisible();
  const photos = log.getByRole("button", { name: /^Open photo/ });
  await expect(photos).toHaveCount(2);
  // The space is reserved from the server's dimensions: the sideways JPEG is upright (200×400).
  await expect(log.getByRole("img", { name: "holiday.jpg" })).toHaveAttribute("width", "120");
  await expect(log.getByRole("img", { name: "holiday.jpg" })).toHaveAttribute("height", "240");
  for (const name of ["holiday.jpg", "screenshot.png"]) {
    await expect.poll(() => log.getByRole("img", { name }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }
  await expect(log.getByRole("link", { name: /report\.pdf/ })).toContainText("PDF");

  await photos.first().click();
  const viewer = bob.page.getByRole("dialog");
  await expect(viewer).toHaveAccessibleName("Photo 1 of 2: holiday.jpg");
  await expect.poll(() => viewer.getByRole("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(200);
  await bob.page.keyboard.press("ArrowRight");
  await expect(viewer).toHaveAccessibleName("Photo 2 of 2: screenshot.png");
  await bob.page.keyboard.press("ArrowLeft");
  await expect(viewer).toHaveAccessibleName("Photo 1 of 2: holiday.jpg");
  await bob.page.keyboard.press("Escape");
  await expect(viewer).toHaveCount(0);

  const [download] = await Promise.all([bob.page.waitForEvent("download"), log.getByRole("link", { name: /report\.pdf/ }).click()]);
  expect(download.suggestedFilename()).toBe("report.pdf");
  const saved = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of saved) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(PDF)).toBe(true);

  // The chat list says what was sent.
  await expect(bob.page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: new RegExp(alice.username) })).toContainText(
    "📎 3 files our trip",
  );
});

/** A file on disk: the browser reads it from there, where a buffer would first cross the protocol whole. */
function fileOf(name: string, bytes: number): string {
  const path = join(mkdtempSync(join(tmpdir(), "messenger-upload-")), name);
  writeFileSync(path, Buffer.alloc(bytes, 7));
  return path;
}

test("a large file shows its progress and can be cancelled; a file over the limit is refused before it uploads", async ({ browser }) => {
  test.setTimeout(120_000);
  const { alice } = await aliceChatsWithBob(browser);
  // A slow uplink, so that the upload is seen in progress.
  const cdp = await alice.page.context().newCDPSession(alice.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });

  await alice.page.getByTestId("attach-input").setInputFiles(fileOf("big.bin", 20 * 1024 * 1024));
  const progress = tray(alice.page).getByRole("progressbar", { name: "Uploading big.bin" });
  await expect(progress).toBeVisible();
  await expect.poll(() => progress.evaluate((p: HTMLProgressElement) => p.value), { timeout: 30_000 }).toBeGreaterThan(0.05);
  expect(await progress.evaluate((p: HTMLProgressElement) => p.value)).toBeLessThan(1);
  await expect(alice.page.getByRole("button", { name: "Uploading…" })).toBeDisabled();
  await tray(alice.page).getByRole("button", { name: "Cancel upload of big.bin" }).click();
  await expect(tray(alice.page)).toHaveCount(0);
  await expect(alice.page.getByRole("button", { name: "Send" })).toBeDisabled();

  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await alice.page.getByTestId("attach-input").setInputFiles(fileOf("huge.bin", 25 * 1024 * 1024 + 1));
  await expect(alice.page.getByText("“huge.bin” is larger than 25 MB, the most a file can be.")).toBeVisible();
  await expect(tray(alice.page)).toHaveCount(0);
});

test("an SVG with a script and an HTML page arrive as downloads and never run", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  const watch = await watchForExecution(bob.page);
  await bob.page.goto(chatPath);
  await expect(messageLog(bob.page)).toBeVisible();

  const html = Buffer.from("<!doctype html><title>x</title><script>alert('html ran'); location = 'https://example.invalid/'</script>");
  await alice.page.getByTestId("attach-input").setInputFiles([
    { name: "logo.svg", mimeType: "image/svg+xml", buffer: SVG },
    { name: "page.html", mimeType: "text/html", buffer: html },
  ]);
  await expect(tray(alice.page).getByText("Ready")).toHaveCount(2, { timeout: 30_000 });
  await alice.page.getByRole("button", { name: "Send" }).click();

  const log = messageLog(bob.page);
  for (const name of ["logo.svg", "page.html"]) {
    const link = log.getByRole("link", { name: new RegExp(name.replace(".", "\\.")) });
    await expect(link).toBeVisible();
    const [download] = await Promise.all([bob.page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(name);
    // Fetched directly, it is opaque bytes to save, in a sandbox, never sniffed into a page.
    const response = await bob.page.request.get((await link.getAttribute("href"))!);
    expect(response.headers()["content-type"]).toBe("application/octet-stream");
    expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["content-security-policy"]).toContain("sandbox");
  }
  await expect(log.locator("img")).toHaveCount(0);
  expect(new URL(bob.page.url()).pathname).toBe(chatPath);
  expect(watch.dialogs).toEqual([]);
  expect(await watch.violations()).toBe(0);
});
