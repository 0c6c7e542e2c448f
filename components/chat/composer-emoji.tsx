"use client";

import { COMPOSER_EMOJI } from "./lazy-composer";
import { LazyEmojiPicker } from "./lazy-emoji-picker";

/** The text with `insert` at the box's cursor (replacing a selection), the cursor left after it. */
export function insertAtCursor(box: HTMLTextAreaElement | null, text: string, insert: string): string {
  const start = box?.selectionStart ?? text.length;
  const end = box?.selectionEnd ?? text.length;
  const next = text.slice(0, start) + insert + text.slice(end);
  const cursor = start + insert.length;
  // React writes the new value first; the cursor goes after the emoji once it has.
  requestAnimationFrame(() => box?.setSelectionRange(cursor, cursor));
  return next;
}

/** The composer's emoji button and, while open, the picker above it. */
export function EmojiButton({ open, onToggle, onPick }: { open: boolean; onToggle: () => void; onPick: (emoji: string) => void }) {
  return (
    <div className="relative">
      <button type="button" aria-label="Emoji" aria-expanded={open} onClick={onToggle} className={COMPOSER_EMOJI}>
        🙂
      </button>
      {open && (
        <div className="absolute right-0 bottom-full mb-2">
          <LazyEmojiPicker label="Insert an emoji" onClose={onToggle} onPick={onPick} />
        </div>
      )}
    </div>
  );
}
