"use client";

import { useRouter } from "next/navigation";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { userChannel } from "@/lib/realtime/channels";

/**
 * /admin re-renders when a report arrives or another admin changes something it shows, and once
 * its channel is subscribed (the first time too): an event between the page's render and the
 * subscription would be missed otherwise, and an admin page is not opened often enough for the
 * one extra render to matter.
 */
export function AdminLiveRefresh({ userId }: { userId: string }) {
  const router = useRouter();
  const channel = userChannel(userId);
  useChannelEvent(channel, "admin.changed", () => router.refresh());
  useOnSubscribed(channel, () => router.refresh());
  return null;
}
