import type { OutboxItem, PendingMessage } from "./send-queue";

// Per tab (sessionStorage): a reload keeps what was not sent yet, closing the tab or signing out and
// in as someone else on a shared computer does not carry it anywhere.
const keyOf = (userId: string, conversationId: string) => `messenger:outbox:${userId}:${conversationId}`;

function isOutboxItem(value: unknown): value is OutboxItem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const reply = v.replyTo as Record<string, unknown> | undefined | null;
  return (
    typeof v.clientId === "string" &&
    typeof v.body === "string" &&
    typeof v.createdAt === "number" &&
    (reply === undefined || (typeof reply === "object" && reply !== null && typeof reply.id === "number"))
  );
}

/** What this tab had not managed to send in this conversation before it was reloaded, oldest first. */
export function loadOutbox(userId: string, conversationId: string): OutboxItem[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(keyOf(userId, conversationId)) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isOutboxItem) : [];
  } catch {
    return [];
  }
}

/** Keeps every send that may still succeed; one refused for good (too long, not allowed) is not resent. */
export function saveOutbox(userId: string, conversationId: string, pending: PendingMessage[]): void {
  const kept: OutboxItem[] = pending
    .filter((p) => p.status !== "failed" || p.retryable)
    .map(({ clientId, body, replyTo, createdAt }) => ({ clientId, body, replyTo, createdAt }));
  try {
    if (kept.length === 0) sessionStorage.removeItem(keyOf(userId, conversationId));
    else sessionStorage.setItem(keyOf(userId, conversationId), JSON.stringify(kept));
  } catch {
    // Storage full or unavailable (private mode): the sends still go out, only a reload loses them.
  }
}
