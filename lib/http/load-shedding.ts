import "server-only";
import { AppError } from "@/lib/errors";

/**
 * How late this process's event loop runs, smoothed: a timer that should fire every 100 ms and fires
 * later measures how long requests already wait for their turn. When every open tab reconnects at
 * once (a realtime restart), requests that only catch up can wait a moment; queued behind each
 * other they would make everyone, senders too, wait for all of them.
 */
const TICK_MS = 100;
/** Late by this much, on average, the process is busy. */
export const BUSY_LAG_MS = 150;

let lagMs = 0;
let ticking = false;

function watch(): void {
  if (ticking) return;
  ticking = true;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    lagMs = 0.6 * lagMs + 0.4 * Math.max(0, now - last - TICK_MS);
    last = now;
  }, TICK_MS).unref();
}

export function eventLoopLagMs(): number {
  watch();
  return lagMs;
}

/**
 * Refuses a request that can be asked again later (a catch-up, a list page) while the process is
 * busy: 429 with a Retry-After of 1–3 s, spread so that those refused do not all come back at once.
 * Browsers honour it (lib/api-client.ts); sends are never shed.
 */
export function shedWhenBusy(): void {
  if (eventLoopLagMs() <= BUSY_LAG_MS) return;
  throw new AppError("rate_limited:busy", { retryAfterSeconds: 1 + Math.floor(Math.random() * 3) });
}
