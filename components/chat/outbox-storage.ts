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
const DB_NAME = "messenger";
const STORE = "outbox";
export const OUTBOX_SYNC_TAG = "messenger-outbox";
const CHANGES = "messenger-outbox";

/** One unsent message as stored; `failed` is the server's reason when it refused it for good. */
export type StoredOutboxItem = OutboxItem & { userId: string; conversationId: string; failed?: string };

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore(STORE, { keyPath: "clientId" });
      store.createIndex("byUser", "userId");
    };
    open.onsuccess = () => {
      // Another tab upgrading the database closes this connection; the next call opens a new one.
      open.result.onversionchange = () => {
        open.result.close();
        opening = null;
      };
      resolve(open.result);
    };
    open.onerror = () => {
      opening = null;
      reject(open.error);
    };
  });
  return opening;
}

async function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

const local = typeof window === "undefined" ? null : new EventTarget();

/** Tells this tab's and every other tab's list that the outbox changed. */
function announce(): void {
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

/** Every unsent message of this person, oldest first; those of anyone else who used this browser are dropped. */
export async function listOutbox(userId: string): Promise<StoredOutboxItem[]> {
  try {
    const all = (await inStore<StoredOutboxItem[]>("readonly", (s) => s.getAll())) ?? [];
    const others = all.filter((i) => i.userId !== userId);
    if (others.length > 0) await inStore("readwrite", (s) => void others.forEach((o) => s.delete(o.clientId)));
    return all.filter((i) => i.userId === userId && isStoredItem(i)).sort((a, b) => a.createdAt - b.createdAt);
  } catch {
    // IndexedDB unavailable (some private modes): sends still go out, only a closed tab loses them.
    return [];
  }
}

function isStoredItem(value: unknown): value is StoredOutboxItem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const reply = v.replyTo as Record<string, unknown> | undefined | null;
  return (
    typeof v.clientId === "string" &&
    typeof v.conversationId === "string" &&
    typeof v.body === "string" &&
    typeof v.createdAt === "number" &&
    (reply === undefined || (typeof reply === "object" && reply !== null && typeof reply.id === "number")) &&
    (v.attachments === undefined || Array.isArray(v.attachments))
  );
}

/** What was not sent in this conversation before the tab was reloaded or closed, oldest first. */
export async function loadOutbox(userId: string, conversationId: string): Promise<StoredOutboxItem[]> {
  return (await listOutbox(userId)).filter((i) => i.conversationId === conversationId);
}

export async function removeFromOutbox(clientIds: string[]): Promise<void> {
  if (clientIds.length === 0) return;
  await inStore("readwrite", (s) => void clientIds.forEach((id) => s.delete(id))).catch(() => {});
  announce();
}

export async function markFailed(item: StoredOutboxItem, reason: string): Promise<void> {
  await inStore("readwrite", (s) => s.put({ ...item, failed: reason })).catch(() => {});
  announce();
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
    const rows: StoredOutboxItem[] = fresh.map(({ clientId, body, replyTo, createdAt, attachments }) => ({
      clientId,
      body,
      replyTo: replyTo ? trimReply(replyTo) : undefined,
      createdAt,
      attachments,
      userId: this.userId,
      conversationId: this.conversationId,
    }));
    this.writes = this.writes
      .then(() =>
        inStore("readwrite", (s) => {
          for (const id of gone) s.delete(id);
          for (const row of rows) s.put(row);
        }),
      )
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
