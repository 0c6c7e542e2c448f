"use client";

import type { CompactEmoji } from "emojibase";
import { useEffect, useMemo, useState } from "react";
import { compactInputClass } from "@/components/ui/field";
import { loadEmoji } from "@/lib/client/emoji-data";

/** Buttons shown at once: the whole set is reached by searching, the grid stays quick to render. */
const SHOWN = 240;

/**
 * A searchable grid of every Unicode emoji (by name and keyword). Its data is its own chunk, fetched
 * from the app when the picker first opens; import this component through lazy-emoji-picker.tsx so
 * that the chat page carries none of it until then.
 */
export function EmojiPicker({ label, onPick, onClose }: { label: string; onPick: (emoji: string) => void; onClose: () => void }) {
  const [all, setAll] = useState<CompactEmoji[] | null>(null);
  const [error, setError] = useState(false);
  const [query, setQuery] = useState("");
  useEffect(() => {
    let live = true;
    loadEmoji().then(
      (emoji) => live && setAll(emoji),
      () => live && setError(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const matches = useMemo(() => {
    if (!all) return [];
    const words = query.toLowerCase().trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return all;
    return all.filter((e) => words.every((w) => e.label.toLowerCase().includes(w) || e.tags?.some((t) => t.startsWith(w)) || e.unicode === w));
  }, [all, query]);

  return (
    <div
      role="dialog"
      aria-label={label}
      className="z-30 w-72 rounded-lg border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <input
        type="search"
        aria-label="Search emoji"
        placeholder="Search emoji"
        autoFocus
        maxLength={50}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        // Inside a message these keys would move between messages (the list's arrow keys).
        onKeyDown={(e) => ["ArrowUp", "ArrowDown", "Home", "End"].includes(e.key) && e.stopPropagation()}
        className={`mb-2 w-full ${compactInputClass}`}
      />
      {error ? (
        <p className="p-2 text-sm text-red-600 dark:text-red-400">Could not load the emoji. Try again.</p>
      ) : all === null ? (
        <p className="p-2 text-sm text-zinc-500">Loading…</p>
      ) : matches.length === 0 ? (
        <p className="p-2 text-sm text-zinc-500">No emoji match “{query.trim()}”.</p>
      ) : (
        <ul aria-label="Emoji" className="grid max-h-56 grid-cols-8 gap-0.5 overflow-y-auto">
          {matches.slice(0, SHOWN).map((e) => (
            <li key={e.hexcode}>
              <button
                type="button"
                aria-label={e.label}
                title={e.label}
                onClick={() => onPick(e.unicode)}
                className="rounded p-0.5 text-xl leading-none hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                {e.unicode}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
