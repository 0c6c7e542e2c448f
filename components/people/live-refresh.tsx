"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { userChannel } from "@/lib/realtime/channels";

/**
 * Re-renders the server parts of the page (the contacts badge, the contacts page, a profile's buttons,
 * a chat's header) when a relationship or someone's profile changes, and after a reconnect, when
 * such events may have been missed.
 */
export function LiveRefresh({ userId }: { userId: string }) {
  const router = useRouter();
  const subscribedBefore = useRef(false);
  const channel = userChannel(userId);
  useChannelEvent(channel, "contact.changed", () => router.refresh());
  useChannelEvent(channel, "profile.updated", () => router.refresh());
  useOnSubscribed(channel, () => {
    // The first subscription comes with the page, which is fresh already.
    if (subscribedBefore.current) router.refresh();
    subscribedBefore.current = true;
  });
  return null;
}
