"use client";

import type { Presence } from "@/lib/dto";

/** "Online", or when they were last seen, in the reader's own locale and time zone. */
export function PresenceLabel({ presence }: { presence: Presence }) {
  if (presence.online) {
    return (
      <span className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" />
        Online
      </span>
    );
  }
  if (presence.lastSeenAt === null) return <span>Not seen yet</span>;
  return <span suppressHydrationWarning>Last seen {describe(presence.lastSeenAt)}</span>;
}

function describe(ms: number, now = Date.now()): string {
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 60) return `${Math.max(minutes, 1)} min ago`;
  const date = new Date(ms);
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (date.toDateString() === new Date(now).toDateString()) return `today at ${time}`;
  return `${date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" })} at ${time}`;
}
