"use client";

import { useRouter } from "next/navigation";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { userChannel } from "@/lib/realtime/channels";

/** /admin re-renders when a report arrives or another admin changes something it shows. */
export function AdminLiveRefresh({ userId }: { userId: string }) {
  const router = useRouter();
  useChannelEvent(userChannel(userId), "admin.changed", () => router.refresh());
  return null;
}
