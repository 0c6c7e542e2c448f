import "server-only";
import Pusher from "pusher";
import { env } from "@/lib/env";
import type { RealtimeEventName, RealtimeEvents } from "./events";

// Pusher Channels' limits, which Soketi shares by default: one trigger reaches at most 100 channels
// and carries at most 10 KB.
export const MAX_CHANNELS_PER_TRIGGER = 100;
export const MAX_EVENT_BYTES = 10_000;

const globalForPusher = globalThis as unknown as { messengerPusher?: Pusher };

function pusher(): Pusher {
  if (!globalForPusher.messengerPusher) {
    const { appId, key, secret, host, port, useTLS, cluster } = env().realtime;
    globalForPusher.messengerPusher = new Pusher({
      appId,
      key,
      secret,
      useTLS,
      ...(host ? { host, port: String(port) } : { cluster: cluster! }),
      timeout: 5000,
    });
  }
  return globalForPusher.messengerPusher;
}

/**
 * Publishes one event to any number of channels. Callers publish only after their write has
 * committed; a realtime failure is logged, not thrown, because the data is already safe and
 * clients catch up from the database when they reconnect.
 */
export async function publish<E extends RealtimeEventName>(
  channels: string[],
  event: E,
  payload: RealtimeEvents[E],
): Promise<void> {
  const batches: string[][] = [];
  for (let i = 0; i < channels.length; i += MAX_CHANNELS_PER_TRIGGER) {
    batches.push(channels.slice(i, i + MAX_CHANNELS_PER_TRIGGER));
  }
  const results = await Promise.allSettled(batches.map((batch) => pusher().trigger(batch, event, payload)));
  for (const result of results) {
    if (result.status === "rejected") console.error(`realtime: publishing ${event} failed:`, describe(result.reason));
  }
}

export function signSubscription(
  socketId: string,
  channel: string,
  presenceMember?: { user_id: string; user_info: Record<string, string> },
): { auth: string; channel_data?: string } {
  return pusher().authorizeChannel(socketId, channel, presenceMember);
}

/** Whether a webhook really comes from our realtime server (its key, and an HMAC of the body). */
export function isAuthenticWebhook(headers: Headers, rawBody: string): boolean {
  return pusher()
    .webhook({
      headers: {
        "x-pusher-key": headers.get("x-pusher-key") ?? "",
        "x-pusher-signature": headers.get("x-pusher-signature") ?? "",
        "content-type": "application/json",
      },
      rawBody,
    })
    .isValid();
}

export function payloadBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify(payload), "utf8");
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "status" in error) return `HTTP ${String(error.status)}`;
  return error instanceof Error ? error.message : String(error);
}
