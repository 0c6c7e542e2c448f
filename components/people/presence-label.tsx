"use client";

import { useRef, useState } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { LocalTime } from "@/components/ui/local-time";
import { fetchPresence } from "@/lib/client/api-client";
import type { Presence } from "@/lib/dto";
import { userChannel } from "@/lib/realtime/channels";

type PresenceLabelProps =
  /** Contacts and profiles: "Online" with a dot, or "Last seen …"; the page re-renders it. */
  | { variant: "people"; presence: Presence }
  /** A direct chat's header: "online" or "last seen …" in small print, kept live. */
  | { variant: "chat"; presence: Presence | null; meId: string; userId: string };

/** Whether someone is online, or when they were last seen, in the reader's own locale and time zone. */
export function PresenceLabel(props: PresenceLabelProps) {
  if (props.variant === "chat") return <LivePresence meId={props.meId} userId={props.userId} initial={props.presence} />;
  return <PresenceText presence={props.presence} variant="people" />;
}

function PresenceText({ presence, variant }: { presence: Presence; variant: PresenceLabelProps["variant"] }) {
  if (variant === "chat") {
    if (presence.online) return <span className="text-xs text-emerald-600 dark:text-emerald-400">online</span>;
    if (presence.lastSeenAt === null) return <span className="text-xs text-zinc-500">offline</span>;
    return (
      <span className="text-xs text-zinc-500">
        last seen <LocalTime ms={presence.lastSeenAt} format="list" />
      </span>
    );
  }
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

function LivePresence({ meId, userId, initial }: { meId: string; userId: string; initial: Presence | null }) {
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
  return presence && <PresenceText presence={presence} variant="chat" />;
}
