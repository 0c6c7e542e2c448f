"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useState, useTransition } from "react";
import { listConversations } from "@/app/(app)/actions";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { Avatar } from "@/components/ui/avatar";
import type { ConversationSummary } from "@/lib/dto";
import { typingChannelOf, userChannel } from "@/lib/realtime/channels";
import { formatListTime } from "@/lib/format";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { NotificationToggle } from "./notification-toggle";
import { TypingHint } from "./typing-hint";

/** Typing hints for the most recent chats only: each costs a presence subscription. */
const TYPING_HINT_ROWS = 8;

export function ConversationList({ userId, initial }: { userId: string; initial: ConversationSummary[] }) {
  const [conversations, setConversations] = useState(initial);
  const [, startTransition] = useTransition();
  const pathname = usePathname();
  const router = useRouter();
  const openId = /^\/c\/([^/]+)/.exec(pathname)?.[1] ?? null;

  const refresh = useCallback(() => {
    startTransition(async () => {
      try {
        setConversations(await listConversations());
      } catch {
        // Offline or signed out: keep what is shown; the next event or reconnect refreshes again.
      }
    });
  }, []);

  const notify = useCallback(
    (activity: RealtimeEvents["conversation.activity"]) => {
      const preview = activity.change === "created" ? activity.preview : undefined;
      if (!preview || preview.senderId === userId || document.visibilityState === "visible") return;
      if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
      const notification = new Notification(preview.senderUsername ?? "New message", {
        body: preview.body,
        tag: activity.conversationId,
      });
      notification.onclick = () => {
        window.focus();
        router.push(`/c/${activity.conversationId}`);
        notification.close();
      };
    },
    [router, userId],
  );

  const channel = userChannel(userId);
  useChannelEvent(channel, "conversation.activity", (activity) => {
    refresh();
    notify(activity);
  });
  // A block hides or restores a chat; a new name or picture changes how a chat is shown.
  useChannelEvent(channel, "contact.changed", refresh);
  useChannelEvent(channel, "profile.updated", refresh);
  useOnSubscribed(channel, refresh);
  // Members, roles or the channel changed: reload the open chat so it subscribes anew.
  useChannelEvent(channel, "conversation.membership", ({ conversationId }) => {
    refresh();
    if (conversationId === openId) router.refresh();
  });
  useChannelEvent(channel, "conversation.removed", ({ conversationId }) => {
    if (conversationId === openId) router.replace("/");
    refresh();
  });
  useEffect(() => {
    const onRead = () => refresh();
    window.addEventListener("messenger:read", onRead);
    return () => window.removeEventListener("messenger:read", onRead);
  }, [refresh]);
  useEffect(() => {
    refresh();
  }, [openId, refresh]);

  const totalUnread = conversations.reduce((sum, c) => sum + c.unreadCount, 0);
  // The page's own title with the unread total in front. Next.js rewrites the title on every
  // navigation and refresh, so the prefix is put back whenever the title changes.
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(/^\(\d+\) /, "");
      const wanted = totalUnread > 0 ? `(${totalUnread}) ${base}` : base;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [totalUnread]);

  if (conversations.length === 0) {
    return (
      <p className="flex-1 p-4 text-sm text-zinc-500">
        No conversations yet. Find someone in{" "}
        <Link href="/people" className="text-indigo-600 hover:underline dark:text-indigo-400">
          People
        </Link>
        .
      </p>
    );
  }

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
                    <time className="shrink-0 text-xs text-zinc-500" dateTime={new Date(c.activityAt).toISOString()} suppressHydrationWarning>
                      {formatListTime(c.activityAt)}
                    </time>
                  )}
                </span>
                <span className="flex items-center justify-between gap-2">
                  {index < TYPING_HINT_ROWS ? (
                    <TypingHint channel={typingChannelOf(c.channel)} meId={userId} fallback={preview(c)} />
                  ) : (
                    <span className="truncate text-sm text-zinc-600 dark:text-zinc-400">{preview(c)}</span>
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

function preview(c: ConversationSummary): string {
  const last = c.lastMessage;
  if (!last) return "No messages yet";
  const text = last.body === null ? "Message deleted" : last.body.replace(/\s+/g, " ");
  return c.kind === "direct" || last.kind === "system" || !last.senderUsername ? text : `${last.senderUsername}: ${text}`;
}
