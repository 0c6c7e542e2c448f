import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";

/**
 * Requests this process has accepted and not answered yet, counted from Node's own announcement of
 * each request (as lib/request-log.ts is) until its response closes. When every open tab reconnects
 * at once (a realtime restart), they pile up: each waits for all those before it, senders too.
 */
let inFlight = 0;
let counting = false;

function count(): void {
  if (counting) return;
  counting = true;
  subscribe("http.server.request.start", (message) => {
    const { response } = message as { response: ServerResponse };
    inFlight++;
    response.once("close", () => inFlight--);
  });
}

export function requestsInFlight(): number {
  count();
  return inFlight;
}

/** Above this many requests in flight, catching up waits: a few hundred milliseconds of work queued. */
export const SHED_ABOVE = 48;

/**
 * Refuses a request that can be asked again later (a catch-up, a list page) while the process has
 * a queue: 429 with a Retry-After of 1–3 s, spread so that those refused do not all come back at
 * once. Browsers honour it (lib/client/api-client.ts); sends are never shed.
 */
export function shedWhenBusy(inFlightNow = requestsInFlight()): void {
  if (inFlightNow <= SHED_ABOVE) return;
  throw new AppError("rate_limited:busy", { retryAfterSeconds: 1 + Math.floor(Math.random() * 3) });
}
