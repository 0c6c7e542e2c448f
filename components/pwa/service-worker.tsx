"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

export const PAGES_CACHE = "messenger-pages";

/**
 * Registers the service worker (public/sw.js) in production builds. `next dev` rebuilds its files
 * all the time, and a worker serving yesterday's would only confuse development.
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Refused (a private window, an insecure origin): the app works as before, online only.
    });
  }, []);
  return null;
}

/**
 * For a signed-in person: every chat (and the list) opened inside the app is kept for offline
 * reading by the service worker, which only sees the pages the browser navigates to itself; and
 * what waits in the outbox goes out as this tab opens and whenever the network returns.
 */
export function SignedInOfflineSupport({ userId }: { userId: string }) {
  const pathname = usePathname();
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: "keep", path: pathname }));
  }, [pathname]);
  useEffect(() => {
    // The outbox's code loads after the page is up: nothing on screen waits for it.
    const flush = () => void import("@/components/chat/outbox-flush").then(({ flushOutbox }) => flushOutbox(userId)).catch(() => {});
    flush();
    window.addEventListener("online", flush);
    return () => window.removeEventListener("online", flush);
  }, [userId]);
  return null;
}

/**
 * On the sign-in and sign-up pages (where signing out, or a session that ended, leads): the pages
 * kept for offline reading are someone's private chats, and are dropped, and so is this browser's
 * push subscription. The worker drops them too
 * as it sees these pages asked for; this covers a page it did not see (a client-side navigation).
 */
export function ForgetPrivatePages() {
  useEffect(() => {
    if (typeof caches !== "undefined") void caches.delete(PAGES_CACHE).catch(() => {});
    navigator.serviceWorker?.controller?.postMessage({ type: "signed-out" });
    // Nor are this browser's pushes for whoever signed out here: the push service then answers 410,
    // and the server forgets the subscription (lib/push/notify.ts).
    void navigator.serviceWorker
      ?.getRegistration()
      .then((registration) => registration?.pushManager?.getSubscription())
      .then((subscription) => subscription?.unsubscribe())
      .catch(() => {});
  }, []);
  return null;
}
