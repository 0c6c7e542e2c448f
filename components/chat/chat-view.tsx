"use client";

import Link from "next/link";
import { useCallback, useRef } from "react";
import { markRead } from "@/app/(app)/actions";
import { Avatar } from "@/components/ui/avatar";
import type { MessagePage } from "@/lib/api-client";
import type { ConversationSummary } from "@/lib/dto";
import { Composer } from "./composer";
import { MessageList } from "./message-list";
import { useConversationMessages } from "./use-conversation-messages";

type ChatViewProps = {
  me: { id: string; username: string };
  conversation: ConversationSummary;
  initialPage: MessagePage;
};

export function ChatView({ me, conversation, initialPage }: ChatViewProps) {
  const chat = useConversationMessages(conversation.id, initialPage);
  const lastReported = useRef(0);

  const onSeen = useCallback(
    (messageId: number) => {
      if (messageId <= lastReported.current) return;
      lastReported.current = messageId;
      void markRead(conversation.id, messageId)
        .then(() => window.dispatchEvent(new Event("messenger:read")))
        .catch(() => {
          lastReported.current = 0;
        });
    },
    [conversation.id],
  );

  return (
    <section aria-label={`Chat with ${conversation.title}`} className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <Link href="/" className="text-sm text-indigo-600 md:hidden dark:text-indigo-400" aria-label="Back to chats">
          ←
        </Link>
        <Avatar name={conversation.title} avatarId={conversation.peer?.avatarId} size={36} />
        <h1 className="truncate text-lg font-semibold">
          {conversation.peer ? <Link href={`/u/${conversation.peer.username}`}>{conversation.title}</Link> : conversation.title}
        </h1>
      </header>
      <MessageList
        meId={me.id}
        showSenders={conversation.kind !== "direct"}
        messages={chat.messages}
        pending={chat.pending}
        hasOlder={chat.hasOlder}
        loadingOlder={chat.loadingOlder}
        onLoadOlder={chat.loadOlder}
        onRetry={chat.retry}
        onDiscard={chat.discard}
        onSeen={onSeen}
      />
      <Composer onSend={(body) => chat.send(body)} />
    </section>
  );
}
