"use client";

import { useState } from "react";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { userChannel } from "@/lib/realtime/channels";
import { useConversationList } from "./conversation-list-provider";

/**
 * Says so when the user stops being a member of a chat (removed by an admin, or left in another
 * tab): the chat leaves the list and, if open, the screen, and without a word that looks like a fault.
 * The event carries only the id; the list still holds the chat's name as the event arrives.
 */
export function MembershipNotice({ userId }: { userId: string }) {
  const { conversations } = useConversationList();
  const [left, setLeft] = useState<string | null>(null);
  useChannelEvent(userChannel(userId), "conversation.removed", ({ conversationId }) => {
    const chat = conversations.find((c) => c.id === conversationId);
    if (chat) setLeft(chat.title);
  });
  if (!left) return null;
  return (
    <p role="status" className="flex items-center gap-2 bg-zinc-100 px-4 py-2 text-sm dark:bg-zinc-900">
      <span className="flex-1">You are no longer a member of {left}.</span>
      <button type="button" onClick={() => setLeft(null)} className="text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
        Dismiss
      </button>
    </p>
  );
}
