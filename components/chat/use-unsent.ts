"use client";

import { useSyncExternalStore } from "react";
import { listOutbox, onOutboxChange, type StoredOutboxItem } from "./outbox";

/*
 * The chat list's view of the outbox: one read of IndexedDB for every row, again whenever this tab,
 * another tab or the service worker changes it.
 */
type Snapshot = ReadonlyMap<string, StoredOutboxItem[]>;
const EMPTY: Snapshot = new Map();

let snapshot: Snapshot = EMPTY;
let owner: string | null = null;
const listeners = new Set<() => void>();
let stop: (() => void) | null = null;

async function refresh(userId: string): Promise<void> {
  const byChat = new Map<string, StoredOutboxItem[]>();
  for (const item of await listOutbox(userId)) byChat.set(item.conversationId, [...(byChat.get(item.conversationId) ?? []), item]);
  if (owner !== userId) return;
  snapshot = byChat;
  for (const listener of listeners) listener();
}

function subscribeFor(userId: string) {
  return (listener: () => void) => {
    listeners.add(listener);
    if (owner !== userId) {
      stop?.();
      owner = userId;
      snapshot = EMPTY;
      stop = onOutboxChange(() => void refresh(userId));
      void refresh(userId);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        stop?.();
        stop = null;
        owner = null;
      }
    };
  };
}

const subscribers = new Map<string, ReturnType<typeof subscribeFor>>();

/** This person's messages in this chat that are not sent yet, oldest first. */
export function useUnsent(userId: string, conversationId: string): StoredOutboxItem[] | undefined {
  let subscribe = subscribers.get(userId);
  if (!subscribe) subscribers.set(userId, (subscribe = subscribeFor(userId)));
  return useSyncExternalStore(
    subscribe,
    () => snapshot.get(conversationId),
    () => undefined,
  );
}
