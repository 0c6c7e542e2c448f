"use client";

import { useCallback, useSyncExternalStore } from "react";

/**
 * Half-written messages, one per chat: the composer writes them as people type, the conversation
 * list shows them ("Draft: …"), and the composer of a chat opened again starts from its own. Kept
 * per tab (sessionStorage): a reload or a switch of chats keeps them, and text never sent is not
 * left behind on a shared computer once the tab is closed. (Messages sent but not yet delivered
 * are kept longer: outbox.ts.)
 */
const keyOf = (userId: string, conversationId: string) => `messenger:draft:${userId}:${conversationId}`;
const listeners = new Set<() => void>();

export function readDraft(userId: string, conversationId: string): string {
  try {
    return sessionStorage.getItem(keyOf(userId, conversationId)) ?? "";
  } catch {
    return "";
  }
}

/** Blank text removes the draft. */
export function writeDraft(userId: string, conversationId: string, text: string): void {
  if (readDraft(userId, conversationId) === (text.trim() ? text : "")) return;
  try {
    if (text.trim()) sessionStorage.setItem(keyOf(userId, conversationId), text);
    else sessionStorage.removeItem(keyOf(userId, conversationId));
  } catch {
    // Storage full or unavailable (private mode): the draft lives as long as the box shows it.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A chat's draft, kept current; empty on the server, which has none. */
export function useDraft(userId: string, conversationId: string): string {
  const read = useCallback(() => readDraft(userId, conversationId), [userId, conversationId]);
  return useSyncExternalStore(subscribe, read, () => "");
}
