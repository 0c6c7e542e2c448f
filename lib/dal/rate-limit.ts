import "server-only";
import type { Transaction } from "@libsql/client";
import { sql } from "drizzle-orm";
import { getDb, type Database } from "@/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { LONGEST_WINDOW_MS, RATE_LIMITS, rateLimitMessage, scaledLimit, type RateLimitName, type RateLimitRule } from "@/lib/rate-limits";

/** One request counted against one key. */
export type RateLimitHit = {
  key: string;
  allowed: boolean;
  /** Requests counted in the key's current window, this one included. */
  count: number;
  windowStart: number;
  /** Seconds until the window ends and requests are allowed again (at least 1). */
  retryAfterSeconds: number;
};

/**
 * Counts one request against `key` and says whether it is within `limit` per window, in one
 * statement: the database increments and returns the count atomically, so any number of app
 * instances sharing it, and any number of concurrent callers, admit exactly `limit` per window.
 *
 * Fixed windows, not sliding ones: one row per key and one statement per request, an exact count,
 * and an exact Retry-After (the end of the window), at the price of up to twice the limit across
 * a window boundary, which the limits allow for. Refused requests count too: they are over the
 * limit either way, and the count starts again with the next window.
 *
 * Each instance computes the window from its own clock. A window never moves backwards in the row,
 * so an instance whose clock lags behind counts into the newer window instead of restarting the
 * count at 1.
 */
export async function countRequest(db: Database, key: string, rule: { limit: number; windowMs: number }, now: number): Promise<RateLimitHit> {
  return countRequestIn(db.$client, key, rule, now);
}

/** countRequest on a client or inside an open transaction (the message writer's group commit). */
export async function countRequestIn(
  executor: Pick<Transaction, "execute">,
  key: string,
  rule: { limit: number; windowMs: number },
  now: number,
): Promise<RateLimitHit> {
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const result = await executor.execute({
    sql: `INSERT INTO rate_limit (key, window_start, count) VALUES (?, ?, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN excluded.window_start > rate_limit.window_start THEN 1 ELSE rate_limit.count + 1 END,
      window_start = MAX(rate_limit.window_start, excluded.window_start)
    RETURNING window_start, count`,
    args: [key, windowStart],
  });
  const counted = result.rows[0] as unknown as { window_start: number; count: number };
  return {
    key,
    allowed: counted.count <= rule.limit,
    count: counted.count,
    windowStart: counted.window_start,
    retryAfterSeconds: Math.max(1, Math.ceil((counted.window_start + rule.windowMs - now) / 1000)),
  };
}

/** Takes a counted request back (a sign-in that succeeded), if its window is still the current one. */
export async function uncountRequest(db: Database, hit: RateLimitHit): Promise<void> {
  await db.run(sql`UPDATE rate_limit SET count = count - 1 WHERE key = ${hit.key} AND window_start = ${hit.windowStart} AND count > 0`);
}

/** Deletes every counter whose window has certainly ended; returns how many. */
export async function pruneRateLimits(db: Database, now: number): Promise<number> {
  const result = await db.run(sql`DELETE FROM rate_limit WHERE window_start < ${now - LONGEST_WINDOW_MS}`);
  return result.rowsAffected;
}

const PRUNE_EVERY_MS = 60_000;
let nextPruneAt = 0;

/** Prunes at most once a minute per process: the table stays small without a delete per request. */
export async function pruneRateLimitsNowAndThen(db: Database, now: number): Promise<void> {
  if (now < nextPruneAt) return;
  nextPruneAt = now + PRUNE_EVERY_MS;
  await pruneRateLimits(db, now);
}

/** The refusal of a request over its limit, with when to try again. */
export function rateLimitError(name: RateLimitName, hit: RateLimitHit): AppError {
  return new AppError("rate_limited:request", {
    message: rateLimitMessage(RATE_LIMITS[name], hit.retryAfterSeconds),
    retryAfterSeconds: hit.retryAfterSeconds,
  });
}

/** A limit's rule with the multiplier applied, as countRequest takes it. */
export function scaledRule(name: RateLimitName, multiplier = env().rateLimitMultiplier): { limit: number; windowMs: number } {
  const rule = RATE_LIMITS[name];
  return { limit: scaledLimit(rule, multiplier), windowMs: rule.windowMs };
}

export type RateLimitCheck = { name: RateLimitName; subject: string };
export type RateLimitOptions = { db?: Database; now?: number; multiplier?: number };

/**
 * Counts one request against a limit that slows down rather than refuses (a rule with `slowDown`):
 * how long to wait before serving it, 0 within the limit, and a way to give the count back.
 */
export async function takeSlowDown(check: RateLimitCheck, options: RateLimitOptions = {}): Promise<{ delayMs: number; giveBack: () => Promise<void> }> {
  const db = options.db ?? (await getDb());
  const rule: RateLimitRule = RATE_LIMITS[check.name];
  if (!rule.slowDown) throw new Error(`${check.name} has no slowDown`);
  const scaled = scaledRule(check.name, options.multiplier);
  const hit = await countRequest(db, `${check.name}:${check.subject}`, scaled, options.now ?? Date.now());
  const over = hit.count - scaled.limit;
  const delayMs = over > 0 ? Math.min(over * rule.slowDown.perRequestOverMs, rule.slowDown.maxMs) : 0;
  return { delayMs, giveBack: () => uncountRequest(db, hit) };
}

/**
 * Counts one request against each of the limits, all or nothing: when any of them refuses, the
 * others are given back and a 429 AppError says when to try again (the latest of the refusals).
 * The result gives every count back, for requests that should not count after all.
 */
export async function takeRateLimits(checks: RateLimitCheck[], options: RateLimitOptions = {}): Promise<{ giveBack: () => Promise<void> }> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? Date.now();
  const multiplier = options.multiplier ?? env().rateLimitMultiplier;
  await pruneRateLimitsNowAndThen(db, now);
  const hits = await Promise.all(checks.map(({ name, subject }) => countRequest(db, `${name}:${subject}`, scaledRule(name, multiplier), now)));
  const giveBack = async (which: RateLimitHit[]) => {
    await Promise.all(which.map((hit) => uncountRequest(db, hit)));
  };
  const refusals = checks.flatMap((check, i) => (hits[i]!.allowed ? [] : [{ name: check.name, hit: hits[i]! }]));
  if (refusals.length > 0) {
    await giveBack(hits.filter((hit) => hit.allowed));
    const longest = refusals.reduce((a, b) => (b.hit.retryAfterSeconds > a.hit.retryAfterSeconds ? b : a));
    throw rateLimitError(longest.name, longest.hit);
  }
  return { giveBack: () => giveBack(hits) };
}
