"use client";

import { typingText, useTyping } from "./use-typing";

/** The conversation list's preview line, replaced by "… is typing…" while someone is. */
export function TypingHint({ channel, meId, fallback }: { channel: string; meId: string; fallback: React.ReactNode }) {
  const { typing } = useTyping(channel, meId);
  if (typing.length === 0) return fallback;
  return <span className="truncate text-sm text-indigo-600 italic dark:text-indigo-400">{typingText(typing.map((t) => t.name))}</span>;
}
