import type { OutboxItem, PendingMessage } from "./send-queue";

// In the browser's storage (localStorage): a reload, and closing the tab (which warns first:
// use-unsent-warning.ts), keep what was not sent yet, and the app sends it when the chat is next
// opened. Kept per person: whoever signs in next on a shared computer clears everyone else's.
// Two tabs of one chat share the entry, the last to change it wins; a send it no longer holds is
// still in its tab's queue, and goes out while that tab is open.
const PREFIX = "messenger:outbox:";
const keyOf = (userId: string, conversationId: string) => `${PREFIX}${userId}:${conversationId}`;

/** Unsent messages of anyone else who used this browser are not left for the one signed in now. */
function forgetOthers(userId: string): void {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(PREFIX) && !key.startsWith(`${PREFIX}${userId}:`)) localStorage.removeItem(key);
  }
}

function isOutboxItem(value: unknown): value is OutboxItem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const reply = v.replyTo as Record<string, unknown> | undefined | null;
  return (
    typeof v.clientId === "string" &&
    typeof v.body === "string" &&
    typeof v.createdAt === "number" &&
    (reply === undefined || (typeof reply === "object" && reply !== null && typeof reply.id === "number")) &&
    (v.attachments === undefined || Array.isArray(v.attachments))
  );
}

/** What was not sent in this conversation before the tab was reloaded or closed, oldest first. */
export function loadOutbox(userId: string, conversationId: string): OutboxItem[] {
  try {
    forgetOthers(userId);
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(userId, conversationId)) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isOutboxItem) : [];
  } catch {
    return [];
  }
}

/** Keeps every send that may still succeed; one refused for good (too long, not allowed) is not resent. */
export function saveOutbox(userId: string, conversationId: string, pending: PendingMessage[]): void {
  const kept: OutboxItem[] = pending
    .filter((p) => p.status !== "failed" || p.retryable)
    .map(({ clientId, body, replyTo, createdAt, attachments }) => ({ clientId, body, replyTo, createdAt, attachments }));
  try {
    if (kept.length === 0) localStorage.removeItem(keyOf(userId, conversationId));
    else localStorage.setItem(keyOf(userId, conversationId), JSON.stringify(kept));
  } catch {
    // Storage full or unavailable (private mode): the sends still go out, only a reload loses them.
  }
}
