"use client";

import { useRef, useState } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { fetchPresence } from "@/lib/client/api-client";
import type { Presence } from "@/lib/dto";
import { LocalTime } from "@/components/ui/local-time";
import { userChannel } from "@/lib/realtime/channels";

/** "online" or "last seen …" for someone the viewer may see it for, kept live. */
export function PresenceLabel({ meId, userId, initial }: { meId: string; userId: string; initial: Presence | null }) {
  const [presence, setPresence] = useState(initial);
  // Counts the changes heard, so that a read which was answered before a change it crossed cannot
  // undo it: the answer reflects the database as it was when the read began.
  const changesHeard = useRef(0);
  const channel = userChannel(meId);
  useChannelEvent(channel, "presence.changed", (change) => {
    if (change.userId !== userId) return;
    changesHeard.current += 1;
    setPresence({ online: change.online, lastSeenAt: change.lastSeenAt });
  });
  // The page was rendered before the channel was subscribed (and a reconnect misses events too): a
  // change announced in between, such as both people opening the app at once, is read here.
  useOnSubscribed(channel, () => {
    const heardBefore = changesHeard.current;
    void fetchPresence(userId).then(
      (now) => now && changesHeard.current === heardBefore && setPresence(now),
      () => {},
    );
  });
  if (!presence) return null;
  if (presence.online) return <span className="text-xs text-emerald-600 dark:text-emerald-400">online</span>;
  if (presence.lastSeenAt === null) return <span className="text-xs text-zinc-500">offline</span>;
  return (
    <span className="text-xs text-zinc-500">
      last seen <LocalTime ms={presence.lastSeenAt} format="list" />
    </span>
  );
}
