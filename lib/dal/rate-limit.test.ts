import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { LONGEST_WINDOW_MS, RATE_LIMITS } from "@/lib/rate-limits";
import { countRequest, pruneRateLimits, takeRateLimits, uncountRequest } from "./rate-limit";

// Two app instances: two separate clients, each with its own pool of connections, on one file.
let first: Database;
let second: Database;
beforeAll(async () => {
  first = await openDatabase(process.env.DATABASE_URL!);
  second = await openDatabase(process.env.DATABASE_URL!);
});
afterAll(() => {
  first.$client.close();
  second.$client.close();
});

const WINDOW = 10_000;
// The start of a window, far from any other test's clock.
const T = 1_900_000_000_000;
const rule = { limit: 3, windowMs: WINDOW };
const uniqueKey = () => `test:${crypto.randomUUID()}`;

describe("a rate limit counted in the database", () => {
  it("is one count for every instance", async () => {
    const key = uniqueKey();
    const answers = [];
    for (const [i, db] of [first, second, first, second, first].entries()) answers.push(await countRequest(db, key, rule, T + i));
    expect(answers.map((a) => [a.count, a.allowed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
      [5, false],
    ]);
    // Until the window ends, 10 s after it started.
    expect(answers[3]!.retryAfterSeconds).toBe(10);
  });

  it("starts again when the window ends, and says exactly when that is", async () => {
    const key = uniqueKey();
    for (let i = 0; i < 3; i++) await countRequest(first, key, rule, T);
    const late = await countRequest(second, key, rule, T + WINDOW - 2_500);
    expect(late).toMatchObject({ allowed: false, retryAfterSeconds: 3 });
    const next = await countRequest(second, key, rule, T + WINDOW);
    expect(next).toMatchObject({ allowed: true, count: 1, windowStart: T + WINDOW });
  });

  it("never restarts a window for an instance whose clock lags behind", async () => {
    const key = uniqueKey();
    await countRequest(first, key, rule, T + WINDOW + 5);
    // The second instance still thinks it is the end of the previous window.
    const lagging = await countRequest(second, key, rule, T + WINDOW - 5);
    expect(lagging).toMatchObject({ count: 2, windowStart: T + WINDOW });
    expect((await countRequest(first, key, rule, T + WINDOW + 6)).count).toBe(3);
  });

  it("admits exactly the limit when many callers on both instances arrive at once", async () => {
    const key = uniqueKey();
    const wide = { limit: 10, windowMs: WINDOW };
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => countRequest(i % 2 === 0 ? first : second, key, wide, T)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(10);
    // Each caller got its own place in the count: nobody read a count another was about to raise.
    expect(answers.map((a) => a.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it("admits exactly the limit when separate processes count at the same moment", async () => {
    const key = uniqueKey();
    const workers = Array.from({ length: 4 }, () => {
      const child = spawn(
        process.execPath,
        [
          "--conditions=react-server",
          "--import",
          "tsx",
          "tests/support/rate-limit-worker.ts",
          process.env.DATABASE_URL!,
          key,
          "25",
          String(WINDOW),
          String(T),
          "40",
        ],
        { stdio: ["pipe", "pipe", "inherit"] },
      );
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const ready = new Promise<void>((resolve) => child.stdout.on("data", () => output.startsWith("ready\n") && resolve()));
      const done = new Promise<number[]>((resolve, reject) =>
        child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(output.slice("ready\n".length))) : reject(new Error(`worker exited ${code}`)))),
      );
      return { child, ready, done };
    });
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin.end("go\n");
    const counts = (await Promise.all(workers.map((w) => w.done))).flat();
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    expect(counts.filter((c) => c <= 25)).toHaveLength(25);
  }, 60_000);

  it("gives a count back only within the window it was taken in", async () => {
    const key = uniqueKey();
    const hit = await countRequest(first, key, rule, T);
    await countRequest(first, key, rule, T);
    await uncountRequest(second, hit);
    expect((await countRequest(first, key, rule, T)).count).toBe(2);
    const later = await countRequest(first, key, rule, T + WINDOW);
    await uncountRequest(first, hit);
    expect((await countRequest(first, key, rule, T + WINDOW)).count).toBe(later.count + 1);
  });

  it("prunes windows that have ended, through the index", async () => {
    const old = uniqueKey();
    const current = uniqueKey();
    await countRequest(first, old, rule, T);
    await countRequest(first, current, rule, T + LONGEST_WINDOW_MS);
    expect(await pruneRateLimits(second, T + LONGEST_WINDOW_MS + 1)).toBeGreaterThanOrEqual(1);
    const keys = (await first.all<{ key: string }>(sql`SELECT key FROM rate_limit`)).map((r) => r.key);
    expect(keys).toContain(current);
    expect(keys).not.toContain(old);
    // On a client of its own, closed at once: libSQL's statement for an EXPLAIN keeps its connection's
    // transaction open, and with it a snapshot that makes the next write on that connection fail.
    const inspector = await openDatabase(process.env.DATABASE_URL!);
    const plan = await inspector.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN DELETE FROM rate_limit WHERE window_start < ${T}`);
    inspector.$client.close();
    expect(plan.map((p) => p.detail).join(" ")).toMatch(/USING (COVERING )?INDEX rate_limit_window_start_idx/);
  });
});

describe("taking several limits at once", () => {
  const now = Math.floor(Date.now() / LONGEST_WINDOW_MS) * LONGEST_WINDOW_MS;

  it("refuses with a 429 that names the wait, and gives back the limits that had room", async () => {
    const account = `ana${crypto.randomUUID().slice(0, 8)}`;
    const network = "203.0.113.9";
    const { limit } = RATE_LIMITS.signInAccountAddress;
    const checks = [
      { name: "signInAccountAddress", subject: `${account} ${network}` },
      { name: "signInAddress", subject: network },
    ] as const;
    for (let i = 0; i < limit; i++) await takeRateLimits([...checks], { db: first, now, multiplier: 1 });
    const refusal = await takeRateLimits([...checks], { db: second, now: now + 60_000, multiplier: 1 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      status: 429,
      retryAfterSeconds: 14 * 60,
      message: "Too many sign-in attempts. Try again in 14 minutes.",
    });
    // The network's own count was given back: the refused attempt checked no password.
    const probe = await countRequest(first, `signInAddress:${network}`, { limit: 1000, windowMs: RATE_LIMITS.signInAddress.windowMs }, now);
    expect(probe.count).toBe(limit + 1);
  });

  it("gives every count back on request, as a successful sign-in does", async () => {
    const subject = crypto.randomUUID();
    for (let i = 0; i < 20; i++) {
      const taken = await takeRateLimits([{ name: "signInAccount", subject }], { db: first, now, multiplier: 0.02 });
      await taken.giveBack();
    }
    // A multiplier never takes a limit below one request per window.
    await takeRateLimits([{ name: "signInAccount", subject }], { db: second, now, multiplier: 0.02 });
    await expect(takeRateLimits([{ name: "signInAccount", subject }], { db: second, now, multiplier: 0.02 })).rejects.toMatchObject({
      code: "rate_limited:request",
    });
  });
});
