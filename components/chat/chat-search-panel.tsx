"use client";

import { useEffect, useRef, useState } from "react";
import { AppLink } from "@/components/ui/app-link";
import { Button } from "@/components/ui/button";
import { compactInputClass } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { ApiError, searchInChat } from "@/lib/client/api-client";
import { PANEL, type Found } from "./chat-search";
import { HighlightedSnippet } from "./highlighted-snippet";

type PanelProps = {
  conversationId: string;
  /** What the last search found; kept by ChatSearch while the panel is closed. */
  found: Found;
  onFound: (found: Found) => void;
  onClose: () => void;
};

/** The open panel of ChatSearch (chat-search.tsx): the box, the search and what it found. Loaded when first opened. */
export function ChatSearchPanel({ conversationId, found, onFound, onClose }: PanelProps) {
  const [searching, setSearching] = useState(false);
  const abort = useRef<AbortController | null>(null);
  // Closed mid-search: its answer has nowhere to go.
  useEffect(() => () => abort.current?.abort(), []);

  const search = (query: string) => {
    abort.current?.abort();
    if (!query) return onFound(null);
    const controller = new AbortController();
    abort.current = controller;
    setSearching(true);
    searchInChat(conversationId, query, controller.signal)
      .then((results) => onFound({ query, results }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) onFound({ query, error: error instanceof ApiError ? error.message : "Could not search this chat." });
      })
      .finally(() => {
        if (abort.current === controller) setSearching(false);
      });
  };

  return (
    <div className={PANEL}>
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
          className={`min-w-0 flex-1 ${compactInputClass}`}
        />
        <Button size="xs" className="font-medium">
          Find
        </Button>
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
                <AppLink
                  href={`/c/${r.conversationId}?m=${r.messageId}`}
                  onClick={onClose}
                  className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  <span className="flex justify-between gap-2 text-xs text-zinc-500">
                    <span className="truncate">{r.senderName ?? "Deleted user"}</span>
                    <LocalTime ms={r.createdAt} format="list" className="shrink-0" />
                  </span>
                  <HighlightedSnippet snippet={r.snippet} />
                </AppLink>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
