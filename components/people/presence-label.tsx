"use client";

import { LocalTime } from "@/components/ui/local-time";
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
  return (
    <span>
      Last seen <LocalTime ms={presence.lastSeenAt} format="lastSeen" />
    </span>
  );
}
