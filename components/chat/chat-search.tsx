"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { ApiError, searchInChat } from "@/lib/api-client";
import type { SearchResult } from "@/lib/dto";
import { HighlightedSnippet } from "./highlighted-snippet";

type Found = { query: string; results: SearchResult[] } | { query: string; error: string } | null;

/**
 * Search in the open chat, from its header: the same full-text search as the Search page, kept to
 * this chat; a result opens the chat at that message, as a global search result does.
 */
export function ChatSearch({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  const [found, setFound] = useState<Found>(null);
  const [searching, setSearching] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const search = (query: string) => {
    abort.current?.abort();
    if (!query) return setFound(null);
    const controller = new AbortController();
    abort.current = controller;
    setSearching(true);
    searchInChat(conversationId, query, controller.signal)
      .then((results) => setFound({ query, results }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setFound({ query, error: error instanceof ApiError ? error.message : "Could not search this chat." });
      })
      .finally(() => {
        if (abort.current === controller) setSearching(false);
      });
  };

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
      {open && (
        <div className="absolute right-0 z-20 mt-1 w-80 max-w-[90vw] rounded-md border border-zinc-200 bg-white p-2 shadow dark:border-zinc-700 dark:bg-zinc-900">
          <form
            role="search"
            aria-label="Search in this chat"
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              search(String(new FormData(e.currentTarget).get("q") ?? "").trim());
            }}
          >
            <input
              name="q"
              type="search"
              aria-label="Search in this chat"
              placeholder="Search in this chat"
              maxLength={200}
              autoFocus
              className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
            />
            <button type="submit" className="rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-500">
              Find
            </button>
          </form>
          <div aria-live="polite" className="mt-2 max-h-80 overflow-y-auto">
            {searching ? (
              <p className="p-2 text-sm text-zinc-500">Searching…</p>
            ) : found === null ? null : "error" in found ? (
              <p className="p-2 text-sm text-red-600 dark:text-red-400">{found.error}</p>
            ) : found.results.length === 0 ? (
              <p className="p-2 text-sm text-zinc-500">No messages here match “{found.query}”.</p>
            ) : (
              <ul aria-label="Results in this chat">
                {found.results.map((r) => (
                  <li key={r.messageId}>
                    <Link
                      href={`/c/${r.conversationId}?m=${r.messageId}`}
                      onClick={() => setOpen(false)}
                      className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                    >
                      <span className="flex justify-between gap-2 text-xs text-zinc-500">
                        <span className="truncate">{r.senderName ?? "Deleted user"}</span>
                        <LocalTime ms={r.createdAt} format="list" className="shrink-0" />
                      </span>
                      <HighlightedSnippet snippet={r.snippet} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
