import type { Metadata } from "next";
import { AppLink } from "@/components/ui/app-link";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Offline" };

/**
 * What the service worker (public/sw.js) shows, instead of the browser's error page, for a page it
 * cannot reach and did not keep. It names no one: it is kept for everyone, signed in or not.
 */
export default function OfflinePage() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-xl font-semibold">You are offline</h1>
      <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
        Messenger cannot reach the server, and this page was not kept on this device. The chats you opened lately are readable offline; anything you write is
        sent when you are back online.
      </p>
      <AppLink href="/" className={buttonClass()}>
        Try again
      </AppLink>
    </main>
  );
}
