import { announce, type StoredOutboxItem } from "./outbox";

/*
 * The outbox's IndexedDB (outbox.ts says what it holds and why), loaded at its first use. The
 * service worker (public/sw.js) reads and writes the same database and must keep to its format.
 */
const DB_NAME = "messenger";
const STORE = "outbox";

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
    (v.attachments === undefined || Array.isArray(v.attachments)) &&
    (v.mentions === undefined || Array.isArray(v.mentions))
  );
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

/** Removes these and writes those, in one transaction. */
export async function replaceInOutbox(gone: string[], rows: StoredOutboxItem[]): Promise<void> {
  await inStore("readwrite", (s) => {
    for (const id of gone) s.delete(id);
    for (const row of rows) s.put(row);
  });
}
