import type { MessageDTO } from "@/lib/dto";
import type { OutboxItem, PendingMessage } from "./send-queue";

/*
 * Unsent messages live in IndexedDB, which outlasts the tab and the browser: a reload, a closed tab
 * or a browser quit keeps them, and they go out when the app is next online, from any Messenger tab
 * (outbox-flush.ts) or from the service worker's Background Sync (public/sw.js, which reads this
 * same database and must keep to its format). Each keeps its clientId, so however many of those
 * send it, the server stores it once. Kept per person: whoever signs in next on a shared computer
 * clears everyone else's.
 */
export const OUTBOX_SYNC_TAG = "messenger-outbox";
const CHANGES = "messenger-outbox";

/** One unsent message as stored; `failed` is the server's reason when it refused it for good. */
export type StoredOutboxItem = OutboxItem & { userId: string; conversationId: string; failed?: string };

const local = typeof window === "undefined" ? null : new EventTarget();

/** Tells this tab's and every other tab's list that the outbox changed. */
export function announce(): void {
  local?.dispatchEvent(new Event("change"));
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANGES);
  channel.postMessage({ type: "changed" });
  channel.close();
}

/** Calls back whenever the outbox may have changed, here, in another tab or in the service worker. */
export function onOutboxChange(listener: () => void): () => void {
  local?.addEventListener("change", listener);
  const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANGES);
  channel?.addEventListener("message", listener);
  return () => {
    local?.removeEventListener("change", listener);
    channel?.close();
  };
}

// IndexedDB's code loads with the first read or write, after the page is up (outbox-storage.ts).
const storage = () => import("./outbox-storage");
const ignore = () => {};

/**
 * Every unsent message of this person, oldest first; those of anyone else who used this browser are
 * dropped. None where there is no outbox: no IndexedDB (some private modes), or its code could not
 * load (offline, never fetched). Sends still go out then; only a closed tab loses them.
 */
export const listOutbox = (userId: string): Promise<StoredOutboxItem[]> =>
  storage().then(
    (s) => s.listOutbox(userId),
    () => [],
  );

/** What was not sent in this conversation before the tab was reloaded or closed, oldest first. */
export const loadOutbox = async (userId: string, conversationId: string) => (await listOutbox(userId)).filter((i) => i.conversationId === conversationId);

export const removeFromOutbox = (clientIds: string[]) => storage().then((s) => s.removeFromOutbox(clientIds), ignore);

export const markFailed = (item: StoredOutboxItem, reason: string) => storage().then((s) => s.markFailed(item, reason), ignore);

/**
 * A reopened chat's outbox: the clientIds the server already holds (`held`), done, and the rest as
 * its send queue takes them again, with their files and whom they mention.
 */
export function sortOutbox(saved: StoredOutboxItem[], held: ReadonlySet<string>): { delivered: string[]; waiting: OutboxItem[] } {
  return {
    delivered: saved.filter((o) => held.has(o.clientId)).map((o) => o.clientId),
    waiting: saved
      .filter((o) => !held.has(o.clientId))
      .map(({ clientId, body, replyTo, createdAt, attachments, mentions }) => ({ clientId, body, replyTo, createdAt, attachments, mentions })),
  };
}

/**
 * Mirrors one open chat's send queue into the outbox: every send that may still succeed is stored
 * (a new one at once, before its first try), and one that was delivered, discarded or refused for
 * good is removed. Only what this view has seen is removed, so another tab's new sends in the same
 * chat stay. Writes go in the order they were asked for.
 */
export class OutboxMirror {
  private known = new Map<string, string>();
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly userId: string,
    private readonly conversationId: string,
  ) {}

  /** Resolves once everything asked so far is written. */
  get written(): Promise<void> {
    return this.writes;
  }

  save(pending: PendingMessage[]): void {
    const kept = pending.filter((p) => p.status !== "failed" || p.retryable);
    const keptIds = new Set(kept.map((k) => k.clientId));
    const gone = [...this.known.keys()].filter((id) => !keptIds.has(id));
    const fresh = kept.filter((k) => this.known.get(k.clientId) !== fingerprint(k));
    if (gone.length === 0 && fresh.length === 0) return;
    for (const id of gone) this.known.delete(id);
    for (const k of fresh) this.known.set(k.clientId, fingerprint(k));
    const rows: StoredOutboxItem[] = fresh.map(({ clientId, body, replyTo, createdAt, attachments, mentions }) => ({
      clientId,
      body,
      replyTo: replyTo ? trimReply(replyTo) : undefined,
      createdAt,
      attachments,
      mentions,
      userId: this.userId,
      conversationId: this.conversationId,
    }));
    this.writes = this.writes
      .then(storage)
      .then((s) => s.replaceInOutbox(gone, rows))
      .then(announce, () => {});
    // An open tab sends its own; the worker is asked to only for what may outlast it: written with
    // no network, or still waiting as the tab goes away (pendingOnLeave).
    if (rows.length > 0 && !navigator.onLine) void requestBackgroundSync();
  }

  /** Something is still unsent in this view. */
  get holdsUnsent(): boolean {
    return this.known.size > 0;
  }

  /** Items loaded from the outbox are known: a delivery of theirs removes them. */
  adopt(items: OutboxItem[]): void {
    for (const i of items) this.known.set(i.clientId, fingerprint(i));
  }
}

const fingerprint = (i: OutboxItem) => `${i.body.length}:${i.createdAt}`;
const trimReply = (r: NonNullable<MessageDTO["replyTo"]>) => ({ id: r.id, body: r.body, senderUsername: r.senderUsername });

/**
 * Asks the browser to wake the service worker when it is next online, even with no tab open, to send
 * what waits (Chromium's Background Sync). Elsewhere the next Messenger tab sends it (outbox-flush.ts).
 */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
    await sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // No service worker (development, or refused): a tab sends it.
  }
}
