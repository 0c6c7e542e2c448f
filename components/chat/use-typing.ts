"use client";

import type { PresenceChannel } from "pusher-js";
import { useCallback, useEffect, useRef, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { release, retain } from "@/components/realtime/use-channel-event";
import type { ClientEvents } from "@/lib/realtime/events";

const SEND_EVERY_MS = 2000;
const EXPIRES_AFTER_MS = 5000;

type TypingSignal = ClientEvents["client-typing"];
const TYPING: keyof ClientEvents = "client-typing";

/** The one shape a typing signal may have; anything else from another browser is ignored. */
function parseTyping(data: unknown): TypingSignal | null {
  if (typeof data !== "object" || data === null) return null;
  const keys = Object.keys(data);
  const typing = (data as { typing?: unknown }).typing;
  return keys.length === 1 && typeof typing === "boolean" ? { typing } : null;
}

/**
 * Who is typing in the open conversation, and a way to say that I am. Signals are client events on
 * the conversation's presence channel: throttled to one per 2 s, forgotten after 5 s of silence,
 * never stored. Who it is comes from the member list the server signed, not from the event: their
 * id, username and the name they had when they subscribed (an open chat names them by its own live
 * member list, see use-member-names.ts).
 */
export function useTyping(channelName: string, meId: string) {
  const { client, refusalOf } = useRealtime();
  const [typers, setTypers] = useState<Map<string, Typer & { until: number }>>(new Map());
  const channel = useRef<PresenceChannel | null>(null);
  const lastSent = useRef(0);

  useEffect(() => {
    if (!client) return;
    const subscribed = retain(client, channelName, refusalOf) as PresenceChannel;
    channel.current = subscribed;
    const onTyping = (data: unknown, metadata?: { user_id?: string }) => {
      const parsed = parseTyping(data);
      const userId = metadata?.user_id;
      if (!parsed || !userId || userId === meId) return;
      const member = subscribed.members.get(userId) as { info?: { username?: unknown; name?: unknown } } | null;
      const username = typeof member?.info?.username === "string" ? member.info.username : null;
      if (!username) return;
      const name = typeof member?.info?.name === "string" && member.info.name ? member.info.name : username;
      setTypers((current) => {
        const next = new Map(current);
        if (parsed.typing) next.set(userId, { id: userId, username, name, until: Date.now() + EXPIRES_AFTER_MS });
        else next.delete(userId);
        return next;
      });
    };
    const onLeft = (member: { id: string }) =>
      setTypers((current) => {
        if (!current.has(member.id)) return current;
        const next = new Map(current);
        next.delete(member.id);
        return next;
      });
    subscribed.bind(TYPING, onTyping);
    subscribed.bind("pusher:member_removed", onLeft);
    return () => {
      subscribed.unbind(TYPING, onTyping);
      subscribed.unbind("pusher:member_removed", onLeft);
      release(client, channelName);
      channel.current = null;
    };
  }, [client, refusalOf, channelName, meId]);

  // Forget signals that were not renewed.
  useEffect(() => {
    if (typers.size === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTypers((current) => {
        const next = new Map([...current].filter(([, t]) => t.until > now));
        return next.size === current.size ? current : next;
      });
    }, 500);
    return () => clearInterval(timer);
  }, [typers.size]);

  const send = useCallback((typing: boolean) => {
    const subscribed = channel.current;
    if (!subscribed?.subscribed) return;
    const now = Date.now();
    if (typing && now - lastSent.current < SEND_EVERY_MS) return;
    lastSent.current = typing ? now : 0;
    subscribed.trigger(TYPING, { typing } satisfies TypingSignal);
  }, []);

  /** Someone's message arrived: they have stopped typing it. */
  const clear = useCallback((userId: string) => {
    setTypers((current) => {
      if (!current.has(userId)) return current;
      const next = new Map(current);
      next.delete(userId);
      return next;
    });
  }, []);

  return {
    typing: [...typers.values()].map(({ id, username, name }): Typer => ({ id, username, name })),
    notifyTyping: () => send(true),
    stopTyping: () => send(false),
    clear,
  };
}

export type Typer = { id: string; username: string; name: string };

/** "Ana is typing…", "Ana and Ben are typing…", "3 people are typing…". */
export function typingText(names: string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
