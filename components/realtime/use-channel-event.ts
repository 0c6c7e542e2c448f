"use client";

import type Pusher from "pusher-js";
import { useEffect, useRef } from "react";
import type { RealtimeEventName, RealtimeEvents } from "@/lib/realtime/events";
import { useRealtime } from "./realtime-provider";

// Several components may listen on one channel; it is left only when the last of them unmounts.
const listeners = new WeakMap<Pusher, Map<string, number>>();

// Channels whose failed subscriptions are retried (see resubscribeOnError).
const watched = new WeakSet<object>();

/**
 * pusher-js gives up on a channel whose subscription was refused and only tries again on a new
 * connection. When the refusal is passing (the app server that signs subscriptions is down,
 * restarting or shedding load: no status, a 5xx or a 429), subscribe again with backoff, and no
 * sooner than the server's Retry-After, for as long as someone listens.
 */
function resubscribeOnError(client: Pusher, name: string, channel: ReturnType<Pusher["subscribe"]>, refusalOf: RefusalOf) {
  if (watched.has(channel)) return;
  watched.add(channel);
  let failures = 0;
  channel.bind("pusher:subscription_succeeded", () => (failures = 0));
  channel.bind("pusher:subscription_error", () => {
    const refusal = refusalOf(name);
    const status = refusal?.status ?? 0;
    if (status !== 0 && status !== 429 && status < 500) return;
    const backoff = Math.min(15_000, 1000 * 2 ** failures++) * (0.5 + Math.random() / 2);
    const delay = Math.max(backoff, (refusal?.retryAfterMs ?? 0) * (1 + Math.random() / 2));
    setTimeout(() => {
      if ((listeners.get(client)?.get(name) ?? 0) > 0) client.subscribe(name);
    }, delay);
  });
}

type RefusalOf = (channelName: string) => { status: number; retryAfterMs?: number } | undefined;

/** Subscribes (or reuses the subscription) for one more listener. */
export function retain(client: Pusher, name: string, refusalOf: RefusalOf) {
  const counts = listeners.get(client) ?? new Map<string, number>();
  listeners.set(client, counts);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  // subscribe() is idempotent, and also revives a subscription cancelled while it was still pending
  // (a quick unmount and remount), which reusing client.channel(name) would leave cancelled.
  const channel = client.subscribe(name);
  resubscribeOnError(client, name, channel, refusalOf);
  return channel;
}

/** One listener fewer; the last one out unsubscribes. */
export function release(client: Pusher, name: string) {
  const counts = listeners.get(client);
  const left = (counts?.get(name) ?? 1) - 1;
  if (left > 0) {
    counts?.set(name, left);
  } else {
    counts?.delete(name);
    client.unsubscribe(name);
  }
}

function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** The one way components listen: subscribe to a channel, bind an event, clean up on unmount. */
export function useChannelEvent<E extends RealtimeEventName>(channelName: string | null, event: E, handler: (payload: RealtimeEvents[E]) => void): void {
  const { client, refusalOf } = useRealtime();
  const latest = useLatest(handler);
  useEffect(() => {
    if (!client || !channelName) return;
    const channel = retain(client, channelName, refusalOf);
    const listener = (payload: RealtimeEvents[E]) => latest.current(payload);
    channel.bind(event, listener);
    return () => {
      channel.unbind(event, listener);
      release(client, channelName);
    };
  }, [client, refusalOf, channelName, event, latest]);
}

/**
 * A restart of the realtime server drops every open tab at once, and they all subscribe again
 * within moments of each other: what each fetches then is spread over this long, so that the app
 * server sees a stream rather than a wall.
 */
const RESUBSCRIBED_JITTER_MS = 2000;

/**
 * Calls back each time the channel's subscription succeeds: at once the first time, and after a
 * random moment of up to 2 s after every reconnect. Whatever was published while the channel was
 * not subscribed must be fetched then.
 */
export function useOnSubscribed(channelName: string | null, callback: () => void): void {
  const { client, refusalOf } = useRealtime();
  const latest = useLatest(callback);
  useEffect(() => {
    if (!client || !channelName) return;
    const channel = retain(client, channelName, refusalOf);
    let before = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = () => {
      clearTimeout(timer);
      if (!before) latest.current();
      else timer = setTimeout(() => latest.current(), Math.random() * RESUBSCRIBED_JITTER_MS);
      before = true;
    };
    channel.bind("pusher:subscription_succeeded", listener);
    if (channel.subscribed) listener();
    return () => {
      clearTimeout(timer);
      channel.unbind("pusher:subscription_succeeded", listener);
      release(client, channelName);
    };
  }, [client, refusalOf, channelName, latest]);
}
