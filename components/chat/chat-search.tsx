"use client";

import { useState } from "react";
import { lazyPart, PartLoading } from "@/components/ui/lazy-part";
import type { SearchResult } from "@/lib/dto";

export type Found = { query: string; results: SearchResult[] } | { query: string; error: string } | null;

export const PANEL = "absolute right-0 z-20 mt-1 w-80 max-w-[90vw] rounded-md border border-zinc-200 bg-white p-2 shadow dark:border-zinc-700 dark:bg-zinc-900";

/** The open panel, loaded when the chat page is idle or when first opened. */
export const ChatSearchPanel = lazyPart(
  () => import("./chat-search-panel").then((m) => m.ChatSearchPanel),
  function ChatSearchLoading({ failed }) {
    return (
      <div className={PANEL}>
        <PartLoading failed={failed} />
      </div>
    );
  },
);

/**
 * Search in the open chat, from its header: the same full-text search as the Search page, kept to
 * this chat; a result opens the chat at that message, as a global search result does. What it
 * found stays while the panel is closed and opened again.
 */
export function ChatSearch({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  const [found, setFound] = useState<Found>(null);
  return (
    <div className="relative" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="rounded px-2 py-1 text-sm font-medium text-indigo-600 hover:bg-zinc-100 dark:text-indigo-400 dark:hover:bg-zinc-800"
      >
        Search
      </button>
      {open && <ChatSearchPanel conversationId={conversationId} found={found} onFound={setFound} onClose={() => setOpen(false)} />}
    </div>
  );
}
