/**
 * What a file in a message costs: upload time (start, PUT, complete) and the app server's resident
 * memory while it takes an image and files of growing size through the local store, the default
 * driver (`npx tsx --tsconfig tsconfig.tools.json bench/attachments.ts`, after `npm run build`).
 * The PUT is streamed to disk, so the peak should not grow with the file; an image is decoded whole
 * by sharp, so it costs its pixels. Prints a table and writes bench/results/attachments.json. Figures are reported, never asserted.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { startStack } from "@/tests/support/stack";
import { buildWorld } from "@/tests/support/world";

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Samples the process's RSS every 10 ms while `work` runs: its peak, and the figure before. */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; beforeMb: number; peakMb: number }> {
  const beforeMb = rssMb(pid);
  let peakMb = beforeMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 10);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, rssMb(pid));
    return { result, beforeMb, peakMb };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const stack = await startStack();
  try {
    const world = await buildWorld(stack.baseURL, stack.databaseUrl);
    const cookie = world.people.ana.cookie;
    const pid = stack.appPid()!;

    async function upload(name: string, bytes: Buffer) {
      const t0 = performance.now();
      const started = await fetch(`${stack.baseURL}/api/conversations/${world.direct}/attachments`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ clientId: crypto.randomUUID(), name, size: bytes.byteLength }),
      });
      if (started.status !== 201) throw new Error(`start: ${started.status} ${await started.text()}`);
      const { attachment, upload: target } = (await started.json()) as { attachment: { id: string }; upload: { url: string; headers: Record<string, string> } };
      const t1 = performance.now();
      const put = await fetch(new URL(target.url, stack.baseURL), { method: "PUT", headers: target.headers, body: new Uint8Array(bytes) });
      if (!put.ok) throw new Error(`put: ${put.status}`);
      const t2 = performance.now();
      const done = await fetch(`${stack.baseURL}/api/attachments/${attachment.id}/complete`, { method: "POST", headers: { cookie } });
      if (!done.ok) throw new Error(`complete: ${done.status} ${await done.text()}`);
      const t3 = performance.now();
      return { startMs: t1 - t0, putMs: t2 - t1, completeMs: t3 - t2, totalMs: t3 - t0 };
    }

    // A phone photo's size: 4032×3024 of noise (which JPEG cannot squeeze), about 4 MB.
    const side = { width: 4032, height: 3024 };
    const photo = await sharp(randomBytes(side.width * side.height * 3), { raw: { ...side, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer();
    const cases = [
      { name: "photo.jpg (4032×3024 JPEG)", bytes: photo },
      { name: "1 MB file", bytes: randomBytes(1024 * 1024) },
      { name: "5 MB file", bytes: randomBytes(5 * 1024 * 1024) },
      { name: "25 MB file", bytes: randomBytes(25 * 1024 * 1024) },
    ];
    // One upload first, so that the routes are compiled and loaded before anything is measured.
    await upload("warm-up.bin", randomBytes(1024));
    const rows = [];
    for (const c of cases) {
      const { result, beforeMb, peakMb } = await withPeakRss(pid, () => upload(c.name, c.bytes));
      rows.push({ file: c.name, mb: c.bytes.byteLength / 1024 / 1024, ...result, rssBeforeMb: beforeMb, rssPeakMb: peakMb, rssGrowthMb: peakMb - beforeMb });
    }
    const fmt = (n: number) => n.toFixed(1);
    console.log("| file | MB | start ms | PUT ms | complete ms | total ms | RSS before MB | RSS peak MB | growth MB |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of rows) {
      console.log(
        `| ${r.file} | ${fmt(r.mb)} | ${fmt(r.startMs)} | ${fmt(r.putMs)} | ${fmt(r.completeMs)} | ${fmt(r.totalMs)} | ${fmt(r.rssBeforeMb)} | ${fmt(r.rssPeakMb)} | ${fmt(r.rssGrowthMb)} |`,
      );
    }
    writeFileSync("bench/results/attachments.json", JSON.stringify({ at: new Date().toISOString(), driver: "local", rows }, null, 2));
    console.log("written: bench/results/attachments.json");
  } finally {
    await stack.stop();
  }
}

await main();
