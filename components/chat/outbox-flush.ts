import { ApiError, postMessage } from "@/lib/client/api-client";
import { listOutbox, markFailed, removeFromOutbox, type StoredOutboxItem } from "./outbox";

/**
 * Sends everything this person's outbox holds, each chat's messages one at a time in the order they
 * were written, each with its clientId (the server stores it once, whoever else sends it too: an
 * open chat's queue, another tab, the service worker). Any Messenger tab runs this as it opens and
 * when the network returns, so a message written offline and left behind by a closed tab goes out
 * without its chat being opened. One run at a time across tabs (Web Locks, where there are).
 * A chat whose next message cannot go yet (offline, the server busy) waits for the next run.
 */
export async function flushOutbox(userId: string): Promise<void> {
  const run = () => flush(userId);
  if (typeof navigator !== "undefined" && navigator.locks) await navigator.locks.request(`messenger-outbox:${userId}`, run);
  else await run();
}

async function flush(userId: string): Promise<void> {
  const byChat = new Map<string, StoredOutboxItem[]>();
  for (const item of await listOutbox(userId)) {
    if (item.failed) continue;
    byChat.set(item.conversationId, [...(byChat.get(item.conversationId) ?? []), item]);
  }
  await Promise.all([...byChat.values()].map(sendInOrder));
}

async function sendInOrder(items: StoredOutboxItem[]): Promise<void> {
  for (const item of items) {
    try {
      await postMessage(item.conversationId, {
        clientId: item.clientId,
        body: item.body,
        replyTo: item.replyTo?.id,
        attachments: item.attachments?.map((a) => a.id),
      });
      await removeFromOutbox([item.clientId]);
    } catch (error) {
      if (error instanceof ApiError && !error.retryable && error.status !== 401) {
        // Refused for good: shown as Failed in its chat; the messages after it still go.
        await markFailed(item, error.message);
        continue;
      }
      return;
    }
  }
}
