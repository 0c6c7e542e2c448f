"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Avatar } from "@/components/ui/avatar";
import { LocalTime } from "@/components/ui/local-time";
import type { ConversationSummary } from "@/lib/dto";
import { typingChannelOf } from "@/lib/realtime/channels";
import { ChatSwitcher } from "./chat-switcher";
import { openChatOf, useConversationList } from "./conversation-list-provider";
import { useDraft } from "./drafts";
import { MembershipNotice } from "./membership-notice";
import { NotificationToggle } from "./notification-toggle";
import { TypingHint } from "./typing-hint";

/** Typing hints for the most recent chats only: each costs a presence subscription. */
const TYPING_HINT_ROWS = 8;

/** The signed-in user's chats, as ConversationListProvider holds them. */
export function ConversationList({ userId }: { userId: string }) {
  const { conversations } = useConversationList();
  const openId = openChatOf(usePathname());

  // The notice and the switcher stay mounted whether or not any chat is left.
  return (
    <>
      <MembershipNotice userId={userId} />
      <ChatSwitcher />
      {conversations.length === 0 ? (
        <p className="flex-1 p-4 text-sm text-zinc-500">
          No conversations yet. Find someone in{" "}
          <Link href="/people" className="text-indigo-600 hover:underline dark:text-indigo-400">
            People
          </Link>
          .
        </p>
      ) : (
        <Conversations userId={userId} openId={openId} conversations={conversations} />
      )}
    </>
  );
}

function Conversations({ userId, openId, conversations }: { userId: string; openId: string | null; conversations: ConversationSummary[] }) {
  return (
    <nav aria-label="Conversations" className="min-h-0 flex-1 overflow-y-auto">
      <NotificationToggle />
      <ul>
        {conversations.map((c, index) => (
          <li key={c.id}>
            <Link
              href={`/c/${c.id}`}
              aria-current={c.id === openId ? "page" : undefined}
              className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-100 aria-[current=page]:bg-indigo-50 dark:hover:bg-zinc-900 dark:aria-[current=page]:bg-indigo-950/50"
            >
              <Avatar name={c.title} avatarId={c.avatarId} />
              <span className="min-w-0 flex-1">
                <span className="flex items-baseline justify-between gap-2">
                  <span className="truncate font-medium">{c.title}</span>
                  {c.lastMessage && (
                    <LocalTime ms={c.activityAt} format="list" className="shrink-0 text-xs text-zinc-500" />
                  )}
                </span>
                <span className="flex items-center justify-between gap-2">
                  {index < TYPING_HINT_ROWS ? (
                    <TypingHint
                      channel={typingChannelOf(c.channel)}
                      meId={userId}
                      fallback={<Preview conversation={c} userId={userId} open={c.id === openId} />}
                    />
                  ) : (
                    <Preview conversation={c} userId={userId} open={c.id === openId} />
                  )}
                  {c.unreadCount > 0 && (
                    <span
                      className="shrink-0 rounded-full bg-indigo-600 px-2 text-xs font-semibold leading-5 text-white"
                      aria-label={`${c.unreadCount} unread`}
                    >
                      {c.unreadCount > 99 ? "99+" : c.unreadCount}
                    </span>
                  )}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The last message, or what I have begun to write there (not for the chat open, which shows it). */
function Preview({ conversation, userId, open }: { conversation: ConversationSummary; userId: string; open: boolean }) {
  const draft = useDraft(userId, conversation.id);
  if (draft && !open) {
    return (
      <span className="truncate text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-red-700 dark:text-red-400">Draft:</span> {draft.replace(/\s+/g, " ")}
      </span>
    );
  }
  return <span className="truncate text-sm text-zinc-600 dark:text-zinc-400">{preview(conversation)}</span>;
}

function preview(c: ConversationSummary): string {
  const last = c.lastMessage;
  if (!last) return "No messages yet";
  const text = last.body === null ? "Message deleted" : last.body.replace(/\s+/g, " ");
  return c.kind === "direct" || last.kind === "system" || !last.senderUsername ? text : `${last.senderUsername}: ${text}`;
}
