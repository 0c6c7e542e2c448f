"use client";

import { useState, useTransition } from "react";
import { muteConversationAction } from "@/app/(app)/chat-actions";
import { formatFullTime } from "@/lib/client/format";
import { MUTED_FOREVER, mutedAt } from "@/lib/mute-rules";
import { useConversationList } from "./conversation-list-provider";
import { useNow } from "./use-now";

const CHOICES = [
  { duration: "1h", label: "For 1 hour" },
  { duration: "8h", label: "For 8 hours" },
  { duration: "forever", label: "Until I unmute" },
] as const;

/**
 * Mute or unmute the open chat (for the signed-in member only). What is shown comes from the
 * conversation list, which every tab of the member keeps by the `conversation.muted` event.
 */
export function MuteMenu({ conversationId, initial }: { conversationId: string; initial: number | null }) {
  const { conversations } = useConversationList();
  const held = conversations.find((c) => c.id === conversationId);
  const mutedUntil = held ? held.mutedUntil : initial;
  const now = useNow(mutedUntil);
  const muted = mutedAt(mutedUntil, now);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState("");
  const [pending, startTransition] = useTransition();

  const choose = (duration: string) =>
    startTransition(async () => {
      try {
        const result = await muteConversationAction(conversationId, duration);
        setError(result.ok ? "" : result.message);
        if (result.ok) setOpen(false);
      } catch {
        setError("Could not reach the server. Try again.");
      }
    });

  const button = "rounded px-2 py-1 text-sm font-medium text-indigo-600 hover:bg-zinc-100 disabled:opacity-50 dark:text-indigo-400 dark:hover:bg-zinc-800";
  return (
    <div className="relative" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      {muted ? (
        <button
          type="button"
          className={button}
          disabled={pending}
          onClick={() => choose("off")}
          title={mutedUntil === MUTED_FOREVER || mutedUntil === null ? "Muted until you unmute" : `Muted until ${formatFullTime(mutedUntil)}`}
        >
          Unmute
        </button>
      ) : (
        <button type="button" className={button} aria-expanded={open} aria-haspopup="menu" onClick={() => setOpen((o) => !o)}>
          Mute
        </button>
      )}
      {open && !muted && (
        <div
          role="menu"
          aria-label="Mute this chat"
          className="absolute right-0 z-20 mt-1 flex w-44 flex-col rounded-md border border-zinc-200 bg-white p-1 shadow dark:border-zinc-700 dark:bg-zinc-900"
        >
          {CHOICES.map((c) => (
            <button key={c.duration} type="button" role="menuitem" disabled={pending} className={`${button} text-left`} onClick={() => choose(c.duration)}>
              {c.label}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p role="alert" className="absolute right-0 z-20 mt-1 w-56 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
