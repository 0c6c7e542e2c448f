import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import Pusher from "pusher";
import { env, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import type { RealtimeEventName, RealtimeEvents } from "./events";

// Pusher Channels' limits, which Soketi shares by default: one trigger reaches at most 100 channels
// and carries at most 10 KB.
export const MAX_CHANNELS_PER_TRIGGER = 100;
export const MAX_EVENT_BYTES = 10_000;

const globalForPusher = globalThis as unknown as {
  messengerPusher?: Pusher;
  /** Events waiting for this turn of the event loop to end (see publishAll). */
  messengerOutbox?: { waiting: { publications: Publication[]; resolve: () => void }[]; scheduled: boolean };
};

/** A server-side client for `config`: a Soketi by host and port, or Pusher Channels by cluster. */
function createPusher(config: Env["realtime"], timeoutMs: number): Pusher {
  const { appId, key, secret, host, port, useTLS, cluster } = config;
  return new Pusher({
    appId,
    key,
    secret,
    useTLS,
    ...(host ? { host, port: String(port) } : { cluster: cluster! }),
    timeout: timeoutMs,
  });
}

function pusher(): Pusher {
  globalForPusher.messengerPusher ??= createPusher(env().realtime, 5000);
  return globalForPusher.messengerPusher;
}

/**
 * Resolves once the realtime server has answered a signed API request: it is reachable and accepts
 * these credentials. Rejects with an error carrying the HTTP status (or the network error) otherwise.
 */
export async function pingRealtime(config: Env["realtime"], timeoutMs: number): Promise<void> {
  const response = await createPusher(config, timeoutMs).get({ path: "/channels/health-check" });
  // Soketi 1.6 refuses a bad signature with status 200 and `{"error": …, "code": 401}` as the body.
  const body = (await response.json().catch(() => ({}))) as { occupied?: unknown; code?: unknown };
  if (typeof body.occupied !== "boolean") {
    throw new RealtimeApiError(typeof body.code === "number" ? body.code : response.status);
  }
}

class RealtimeApiError extends Error {
  constructor(readonly status: number) {
    super(`realtime API answered ${status}`);
  }
}

/** One event for any number of channels. */
export type Publication = {
  [E in RealtimeEventName]: { channels: string[]; event: E; payload: RealtimeEvents[E] };
}[RealtimeEventName];

/**
 * Publishes one event to any number of channels. Callers publish only after their write has
 * committed; a realtime failure is logged, not thrown, because the data is already safe and
 * clients catch up from the database when they reconnect.
 */
export async function publish<E extends RealtimeEventName>(channels: string[], event: E, payload: RealtimeEvents[E]): Promise<void> {
  await publishAll([{ channels, event, payload } as Publication]);
}

/**
 * Publishes many events in as few HTTP calls as the server allows. Soketi closes every API
 * connection after one request, so each call pays a new connection, which costs more CPU than the
 * rest of a read mark. So the events of every caller in one turn of the event loop go out together
 * (a batch of sends, the read marks of many readers, presence): events for a few channels each go
 * `batchSize` to a call with triggerBatch; an event for many channels (a large group's activity) goes
 * out 100 channels to a trigger, as Pusher Channels allows. Each caller's promise settles once the
 * calls carrying its events have. Failures are logged, never thrown (see publish).
 */
export function publishAll(publications: Publication[]): Promise<void> {
  const outbox = (globalForPusher.messengerOutbox ??= { waiting: [], scheduled: false });
  return new Promise<void>((resolve) => {
    outbox.waiting.push({ publications, resolve });
    if (outbox.scheduled) return;
    outbox.scheduled = true;
    setImmediate(() => {
      outbox.scheduled = false;
      const due = outbox.waiting.splice(0);
      void sendAll(due.flatMap((d) => d.publications)).then(() => due.forEach((d) => d.resolve()));
    });
  });
}

async function sendAll(publications: Publication[]): Promise<void> {
  const { batchSize } = env().realtime;
  const single: Pusher.BatchEvent[] = [];
  const calls: Promise<unknown>[] = [];
  const names: string[] = [];
  for (const { channels, event, payload } of publications) {
    if (channels.length <= batchSize) {
      for (const channel of channels) single.push({ channel, name: event, data: payload });
      continue;
    }
    for (let i = 0; i < channels.length; i += MAX_CHANNELS_PER_TRIGGER) {
      calls.push(pusher().trigger(channels.slice(i, i + MAX_CHANNELS_PER_TRIGGER), event, payload));
      names.push(event);
    }
  }
  for (let i = 0; i < single.length; i += batchSize) {
    const batch = single.slice(i, i + batchSize);
    calls.push(batch.length === 1 ? pusher().trigger(batch[0]!.channel, batch[0]!.name, batch[0]!.data) : pusher().triggerBatch(batch));
    names.push([...new Set(batch.map((e) => e.name))].join(","));
  }
  const results = await Promise.allSettled(calls);
  results.forEach((result, i) => {
    if (result.status === "rejected") log.error("realtime publish failed", { event: names[i], error: describe(result.reason) });
  });
}

export function signSubscription(
  socketId: string,
  channel: string,
  presenceMember?: { user_id: string; user_info: Record<string, string> },
): { auth: string; channel_data?: string } {
  return pusher().authorizeChannel(socketId, channel, presenceMember);
}

/**
 * Pusher's user authentication (pusher-js `signin`): the realtime server then knows which user each
 * socket belongs to, so that terminateConnections can end all of that user's sockets at once.
 */
export function signUser(socketId: string, userId: string): { auth: string; user_data: string } {
  return pusher().authenticateUser(socketId, { id: userId });
}

/**
 * Ends every open realtime connection of this user, on every node (Soketi relays it through its
 * adapter; Pusher Channels has the same API): a revoked session stops hearing at once instead of
 * until its socket happens to close. Each socket is closed with code 4009, after which pusher-js
 * does not reconnect by itself (lib/client/realtime.ts decides what the tab does). Failures are
 * logged, not thrown: the sessions are already revoked in the database, and every new subscription
 * or sign-in is refused by it.
 */
export async function terminateConnections(userId: string): Promise<void> {
  try {
    await pusher().terminateUserConnections(userId);
  } catch (error) {
    log.error("realtime terminate failed", { error: describe(error) });
  }
}

/** Whether a webhook really comes from our realtime server: its key, and an HMAC of the exact body. */
export function isAuthenticWebhook(headers: Headers, rawBody: Uint8Array | string): boolean {
  const { key, secret } = env().realtime;
  // Compared as bytes: a header of 64 non-ASCII characters is longer than 64 bytes, and
  // timingSafeEqual throws on buffers of different lengths.
  const signature = Buffer.from(headers.get("x-pusher-signature") ?? "");
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("hex"));
  return headers.get("x-pusher-key") === key && signature.length === expected.length && timingSafeEqual(signature, expected);
}

export function payloadBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify(payload), "utf8");
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "status" in error) return `HTTP ${String(error.status)}`;
  return error instanceof Error ? error.message : String(error);
}
