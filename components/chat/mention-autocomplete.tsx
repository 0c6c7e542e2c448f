"use client";

import { useEffect, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { displayName } from "@/lib/display-name";
import type { UserSummary } from "@/lib/dto";
import { insertMention, matchMembers, mentionQueryAt } from "@/lib/client/mention-input";

/** Takes a key press in the message box first; true when it was the autocomplete's. */
export type MentionKeys = (e: React.KeyboardEvent) => boolean;

type Props = {
  text: string;
  caret: number;
  members: UserSummary[];
  meId?: string;
  /** The box's text with the picked member's `@username ` in, and where the caret goes. */
  onPick: (next: { text: string; caret: number }) => void;
  keysRef: React.RefObject<MentionKeys | null>;
};

/**
 * The members offered while an `@word` is being typed in the message box (loaded on the first `@`,
 * see composer.tsx): ↑ and ↓ move, Enter or Tab picks, Esc closes until another `@`; a tap picks
 * too, without taking the focus (and a phone's keyboard) from the box.
 */
export function MentionAutocomplete({ text, caret, members, meId, onPick, keysRef }: Props) {
  const at = mentionQueryAt(text, caret);
  const matches = at
    ? matchMembers(
        members.filter((m) => m.id !== meId),
        at.query,
      )
    : [];
  const [active, setActive] = useState({ key: "", index: 0 });
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const key = at ? `${at.start}:${at.query}` : "";
  // A new query starts at the first match.
  const index = active.key === key ? Math.min(active.index, Math.max(0, matches.length - 1)) : 0;
  // Esc closes it for this @word; once the @ is gone (or the caret left the word) it may open again.
  if (closedAt !== null && at?.start !== closedAt) setClosedAt(null);
  const open = at !== null && matches.length > 0 && closedAt !== at.start;

  const pick = (member: UserSummary) => {
    if (at) onPick(insertMention(text, at, member.username));
  };

  useEffect(() => {
    keysRef.current = (e) => {
      if (!open || e.nativeEvent.isComposing || e.altKey || e.ctrlKey || e.metaKey) return false;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive({ key, index: (index + step + matches.length) % matches.length });
      } else if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
        pick(matches[index]!);
      } else if (e.key === "Escape") {
        setClosedAt(at.start);
      } else {
        return false;
      }
      e.preventDefault();
      return true;
    };
    return () => {
      keysRef.current = null;
    };
  });

  if (!open) return null;
  return (
    <ul
      id="mention-options"
      role="listbox"
      aria-label="Members to mention"
      className="absolute bottom-full left-3 z-20 mb-1 max-h-64 w-72 max-w-[calc(100%-1.5rem)] overflow-y-auto rounded-xl border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      {matches.map((m, i) => (
        <li
          key={m.id}
          id={`mention-option-${m.id}`}
          role="option"
          aria-selected={i === index}
          // The box keeps the focus: a phone's keyboard stays up, and typing goes on.
          onPointerDown={(e) => e.preventDefault()}
          onClick={() => pick(m)}
          className="flex cursor-pointer items-center gap-2 px-3 py-2 aria-selected:bg-indigo-50 dark:aria-selected:bg-indigo-950"
        >
          <Avatar name={displayName(m)} avatarId={m.avatarId} size={24} />
          <bdi className="truncate font-medium">{displayName(m)}</bdi>
          <span className="truncate text-sm text-zinc-500">@{m.username}</span>
        </li>
      ))}
    </ul>
  );
}
