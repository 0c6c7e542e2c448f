/*
 * Messenger's service worker, registered by production builds (components/pwa/service-worker.tsx).
 *
 * - The app shell: Next.js's hashed static files are kept as they are first fetched (they never
 *   change under one name), and /offline, the page shown for anything not kept, at install, with
 *   every static file it names: offline, a page missing one of its scripts fails to hydrate and
 *   Next.js replaces it with its own error page ("This page couldn't load").
 * - Offline reading: the chat list and the chats opened lately (at most KEPT_CHATS), as the server
 *   last rendered them for the signed-in person, answer a navigation the network cannot. They are
 *   never kept for a signed-out visitor (the server sends those to /sign-in, and only a 200 page is
 *   kept) and are dropped as soon as the sign-in page is asked for: signing out leads there.
 * - The outbox: messages written while the server was out of reach wait in IndexedDB (the same
 *   database as components/chat/outbox-storage.ts, whose format this file must keep to) and go out
 *   on Background Sync, in order and each with its clientId, so the server stores each once.
 * - Web Push: a notification for a chat's new message when no Messenger tab is open.
 *
 * Plain JavaScript, no imports: its Content-Security-Policy (next.config.mjs) allows only itself.
 */

const SHELL_CACHE = "messenger-shell-v1";
const PAGES_CACHE = "messenger-pages";
const OFFLINE_URL = "/offline";
const KEPT_CHATS = 10;
// A chat opened again within this time is not fetched again to be kept.
const KEEP_AGAIN_AFTER_MS = 30_000;

const OUTBOX_DB = "messenger";
const OUTBOX_STORE = "outbox";
const OUTBOX_SYNC_TAG = "messenger-outbox";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL_CACHE);
      await shell.addAll(["/icon.svg", "/icons/icon-192.png", "/icons/badge-96.png"]);
      await keepOfflinePage(shell);
      await self.skipWaiting();
    })(),
  );
});

/**
 * Keeps /offline and the static files it names (its <script> and <link> tags, and the chunks its
 * React Server Components payload loads), the page last: it is never kept without them.
 */
async function keepOfflinePage(shell) {
  const response = await fetch(OFFLINE_URL, { credentials: "same-origin" });
  if (!response.ok || response.redirected) throw new Error(`${OFFLINE_URL} answered ${response.status}`);
  const html = await response.clone().text();
  const files = new Set(html.match(/\/_next\/static\/[\w.~%/-]+\.\w+/g));
  await Promise.all(
    [...files].map(async (file) => {
      if (!(await shell.match(file))) await shell.add(file);
    }),
  );
  await shell.put(OFFLINE_URL, response);
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== SHELL_CACHE && name !== PAGES_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The pages kept for offline reading: the chat list and a chat's newest messages (no ?m= focus). */
function keptPageKey(url) {
  if (url.search !== "") return null;
  if (url.pathname === "/" || /^\/c\/[0-9a-f-]{36}$/.test(url.pathname)) return url.origin + url.pathname;
  return null;
}

const isSignInPage = (url) => url.pathname === "/sign-in" || url.pathname === "/sign-up";

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isSignInPage(url)) event.waitUntil(forgetPrivatePages());
  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  }
});

async function cacheFirst(request) {
  const shell = await caches.open(SHELL_CACHE);
  const kept = await shell.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await shell.put(request, response.clone());
  return response;
}

async function navigate(event, url) {
  const key = keptPageKey(url);
  try {
    const response = await fetch(event.request);
    // Only a page rendered for a signed-in person is a 200 here: a signed-out visitor is redirected.
    if (key && response.status === 200 && response.type === "basic" && !response.redirected) {
      keptAt.set(key, Date.now());
      event.waitUntil(keepPage(key, response.clone()));
    }
    return response;
  } catch (error) {
    const kept = key ? await (await caches.open(PAGES_CACHE)).match(key) : undefined;
    if (kept) return kept;
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    if (offline) return offline;
    throw error;
  }
}

const keptAt = new Map();

/** Keeps a page, newest last; beyond KEPT_CHATS chats the one opened longest ago goes. */
async function keepPage(key, response) {
  const pages = await caches.open(PAGES_CACHE);
  await pages.delete(key);
  await pages.put(key, response);
  keptAt.set(key, Date.now());
  const chats = (await pages.keys()).filter((r) => new URL(r.url).pathname.startsWith("/c/"));
  for (const old of chats.slice(0, Math.max(0, chats.length - KEPT_CHATS))) {
    keptAt.delete(old.url);
    await pages.delete(old);
  }
}

async function forgetPrivatePages() {
  keptAt.clear();
  await caches.delete(PAGES_CACHE);
}

self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || typeof data !== "object") return;
  if (data.type === "keep" && typeof data.path === "string") {
    // A chat opened inside the app (no navigation reached this worker): fetch its page to keep it.
    const url = new URL(data.path, self.location.origin);
    const key = url.origin === self.location.origin ? keptPageKey(url) : null;
    if (!key || Date.now() - (keptAt.get(key) ?? 0) < KEEP_AGAIN_AFTER_MS) return;
    keptAt.set(key, Date.now());
    event.waitUntil(
      fetch(key, { credentials: "same-origin", redirect: "manual" })
        .then((response) => (response.status === 200 && response.type === "basic" ? keepPage(key, response) : undefined))
        .catch(() => keptAt.delete(key)),
    );
  } else if (data.type === "signed-out") {
    event.waitUntil(forgetPrivatePages());
  }
});

// ---- The outbox (see components/chat/outbox-storage.ts and outbox-flush.ts) ----

self.addEventListener("sync", (event) => {
  if (event.tag === OUTBOX_SYNC_TAG) event.waitUntil(flushOutbox());
});

function openOutbox() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(OUTBOX_DB, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore(OUTBOX_STORE, { keyPath: "clientId" });
      store.createIndex("byUser", "userId");
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function inStore(db, mode, act) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(OUTBOX_STORE, mode);
    const request = act(tx.objectStore(OUTBOX_STORE));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Sends every waiting message of the person signed in now; throws (so the browser syncs again later) while some could not go. */
async function flushOutbox() {
  const session = await fetch("/api/auth/session", { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : null));
  const userId = session && session.user && session.user.id;
  if (!userId) return;
  const run = () => flushFor(userId);
  const outcome = self.navigator.locks ? await self.navigator.locks.request(`messenger-outbox:${userId}`, run) : await run();
  if (outcome === "retry") throw new Error("Some messages could not be sent yet");
}

async function flushFor(userId) {
  const db = await openOutbox();
  try {
    const items = (await inStore(db, "readonly", (s) => s.index("byUser").getAll(userId))) || [];
    const byChat = new Map();
    for (const item of items.filter((i) => !i.failed).sort((a, b) => a.createdAt - b.createdAt)) {
      if (!byChat.has(item.conversationId)) byChat.set(item.conversationId, []);
      byChat.get(item.conversationId).push(item);
    }
    let retry = false;
    await Promise.all(
      [...byChat.values()].map(async (chat) => {
        // In order: a later message waits until the one before it is stored.
        for (const item of chat) {
          const outcome = await deliver(item);
          if (outcome === "sent") {
            await inStore(db, "readwrite", (s) => s.delete(item.clientId));
          } else if (outcome.failed) {
            // Refused for good (too long, no longer a member): the chat shows it as Failed; the next goes on.
            await inStore(db, "readwrite", (s) => s.put({ ...item, failed: outcome.failed }));
          } else {
            retry = true;
            return;
          }
        }
      }),
    );
    broadcastOutboxChanged();
    return retry ? "retry" : "done";
  } finally {
    db.close();
  }
}

async function deliver(item) {
  let response;
  try {
    response = await fetch(`/api/conversations/${encodeURIComponent(item.conversationId)}/messages`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        clientId: item.clientId,
        body: item.body,
        replyTo: item.replyTo ? item.replyTo.id : undefined,
        attachments: Array.isArray(item.attachments) && item.attachments.length > 0 ? item.attachments.map((a) => a.id) : undefined,
      }),
    });
  } catch {
    return { failed: null };
  }
  if (response.ok) return "sent";
  // Passing: the server is busy or restarting, or the session ended (a tab sends it after sign-in).
  if (response.status >= 500 || response.status === 429 || response.status === 401) return { failed: null };
  const answer = await response.json().catch(() => null);
  return { failed: (answer && answer.error && answer.error.message) || "The server refused this message." };
}

function broadcastOutboxChanged() {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel("messenger-outbox");
  channel.postMessage({ type: "changed" });
  channel.close();
}

// ---- Web Push (lib/push/) ----

self.addEventListener("push", (event) => {
  let data = null;
  try {
    data = event.data ? event.data.json() : null;
  } catch {
    return;
  }
  if (!data || data.type !== "message" || typeof data.conversationId !== "string") return;
  event.waitUntil(
    (async () => {
      // An open tab tells of new messages itself (conversation-list-provider.tsx); this is for when none is.
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      if (windows.length > 0) return;
      await self.registration.showNotification(data.title || "New message", {
        body: data.body || "New message",
        // The same tag as an open tab's own notification (conversation-list-provider.tsx): one per chat.
        tag: data.conversationId,
        icon: "/icons/icon-192.png",
        badge: "/icons/badge-96.png",
        data: { path: `/c/${data.conversationId}` },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = (event.notification.data && event.notification.data.path) || "/";
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const existing = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (existing) {
        await existing.focus();
        if ("navigate" in existing) await existing.navigate(path).catch(() => {});
        return;
      }
      await self.clients.openWindow(path);
    })(),
  );
});

self.addEventListener("pushsubscriptionchange", (event) => {
  // The push service replaced the subscription: hand the new one to the server (it keeps the switch on).
  event.waitUntil(
    (async () => {
      const options = event.oldSubscription ? event.oldSubscription.options : null;
      const subscription = event.newSubscription || (options ? await self.registration.pushManager.subscribe(options) : null);
      if (!subscription) return;
      await fetch("/api/push/subscriptions", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ subscription: subscription.toJSON(), replaces: event.oldSubscription ? event.oldSubscription.endpoint : undefined }),
      });
    })(),
  );
});
