"use client";

import { AppLink } from "@/components/ui/app-link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { LocalTime } from "@/components/ui/local-time";
import { ApiError, fetchConversationPage } from "@/lib/client/api-client";
import type { ConversationSummary } from "@/lib/dto";
import { mentionsToText } from "@/lib/mentions";
import { mutedAt } from "@/lib/mute-rules";
import { typingChannelOf } from "@/lib/realtime/channels";
import { ChatSwitcher } from "./chat-switcher";
import { openChatOf, useConversationList } from "./conversation-list-provider";
import { useDraft } from "./drafts";
import { PlainText } from "./lazy-markdown";
import { useUnsent } from "./use-unsent";
import { MembershipNotice } from "./membership-notice";
import { NotificationToggle } from "./notification-toggle";
import { TypingHint } from "./typing-hint";
import { useNow } from "./use-now";

/** Typing hints for the most recent chats only: each costs a presence subscription. */
const TYPING_HINT_ROWS = 8;
/** A search waits for a pause in typing. */
const SEARCH_DEBOUNCE_MS = 250;

/** The signed-in user's chats, as ConversationListProvider holds them, or those matching a search. */
export function ConversationList({ userId }: { userId: string }) {
  const { conversations, next, loadMore } = useConversationList();
  const openId = openChatOf(usePathname());
  const [query, setQuery] = useState("");
  const search = useChatSearch(query.trim());

  // The notice and the switcher stay mounted whether or not any chat is left.
  const empty = conversations.length === 0 && next === null && query === "";
  // A result also held by the list is shown as the list holds it: live, not as it was when found.
  const live = (c: ConversationSummary) => conversations.find((held) => held.id === c.id) ?? c;
  return (
    <>
      <MembershipNotice userId={userId} />
      <ChatSwitcher />
      {empty ? (
        <p className="flex-1 p-4 text-sm text-zinc-500">
          No conversations yet. Find someone in{" "}
          <AppLink href="/people" className="text-indigo-600 hover:underline dark:text-indigo-400">
            People
          </AppLink>
          .
        </p>
      ) : (
        <nav aria-label="Conversations" className="min-h-0 flex-1 overflow-y-auto">
          <NotificationToggle />
          <div className="px-3 pt-2 pb-1">
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Search chats"
              aria-label="Search chats"
              maxLength={100}
              className="w-full rounded-md border border-zinc-300 bg-transparent px-2.5 py-1.5 text-sm dark:border-zinc-700"
            />
          </div>
          {search ? (
            <div aria-live="polite">
              {search.error ? (
                <p className="p-4 text-sm text-red-600 dark:text-red-400">{search.error}</p>
              ) : search.results === null ? (
                <p className="p-4 text-sm text-zinc-500">Searching…</p>
              ) : search.results.length === 0 ? (
                <p className="p-4 text-sm text-zinc-500">No chats match “{query.trim()}”.</p>
              ) : (
                <ul aria-label="Matching chats">
                  {search.results.map((c) => (
                    <ConversationRow key={c.id} c={live(c)} userId={userId} open={c.id === openId} />
                  ))}
                </ul>
              )}
            </div>
          ) : (
            <ul>
              {conversations.map((c, index) => (
                <ConversationRow key={c.id} c={c} userId={userId} open={c.id === openId} typing={index < TYPING_HINT_ROWS} />
              ))}
              {next !== null && <MoreChats onVisible={loadMore} />}
            </ul>
          )}
        </nav>
      )}
    </>
  );
}

function ConversationRow({ c, userId, open, typing = false }: { c: ConversationSummary; userId: string; open: boolean; typing?: boolean }) {
  const fallback = <Preview conversation={c} userId={userId} open={open} />;
  const muted = mutedAt(c.mutedUntil, useNow(c.mutedUntil));
  return (
    <li>
      <AppLink
        href={`/c/${c.id}`}
        aria-current={open ? "page" : undefined}
        className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-100 aria-[current=page]:bg-indigo-50 dark:hover:bg-zinc-900 dark:aria-[current=page]:bg-indigo-950/50"
      >
        <Avatar name={c.title} avatarId={c.avatarId} />
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className="flex min-w-0 items-baseline gap-1">
              <bdi className="truncate font-medium">{c.title}</bdi>
              {c.peer?.deactivated && <span className="shrink-0 text-xs text-zinc-500">Deactivated</span>}
            </span>
            {c.lastMessage && <LocalTime ms={c.activityAt} format="list" className="shrink-0 text-xs text-zinc-500" />}
          </span>
          <span className="flex items-center justify-between gap-2">
            {typing ? <TypingHint channel={typingChannelOf(c.channel)} meId={userId} fallback={fallback} /> : fallback}
            {muted && (
              <span className="shrink-0 text-xs text-zinc-500" role="img" aria-label="Muted" title="Muted">
                🔕
              </span>
            )}
            {c.mentionCount > 0 && (
              <span
                className="shrink-0 rounded-full bg-amber-500 px-1.5 text-xs font-bold leading-5 text-white"
                aria-label={c.mentionCount === 1 ? "Mentioned you" : `Mentioned you ${c.mentionCount} times`}
                title={c.mentionCount === 1 ? "Mentioned you" : `Mentioned you ${c.mentionCount} times`}
                data-testid="mention-marker"
              >
                @{c.mentionCount > 1 ? (c.mentionCount > 99 ? "99+" : c.mentionCount) : ""}
              </span>
            )}
            {c.unreadCount > 0 && (
              <span
                className={`shrink-0 rounded-full px-2 text-xs font-semibold leading-5 text-white ${muted ? "bg-zinc-400 dark:bg-zinc-600" : "bg-indigo-600"}`}
                aria-label={`${c.unreadCount} unread${muted ? ", muted" : ""}`}
              >
                {c.unreadCount > 99 ? "99+" : c.unreadCount}
              </span>
            )}
          </span>
        </span>
      </AppLink>
    </li>
  );
}

/**
 * The end of the held pages: the next page is fetched as this comes near the bottom of the list
 * while scrolling, or when the button is pressed (keyboard, or a list too short to scroll).
 */
function MoreChats({ onVisible }: { onVisible: () => void }) {
  const ref = useRef<HTMLLIElement>(null);
  const latest = useRef(onVisible);
  useEffect(() => {
    latest.current = onVisible;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && latest.current(), {
      rootMargin: "400px 0px",
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <li ref={ref} className="px-4 py-3 text-center">
      <button type="button" onClick={onVisible} className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">
        More chats
      </button>
    </li>
  );
}

type Search = { results: ConversationSummary[] | null; error: string | null };

/** The chats whose title or person matches `query`, over the whole list; null while there is no query. */
export function useChatSearch(query: string): Search | null {
  const [search, setSearch] = useState<Search & { query: string }>({ query: "", results: null, error: null });
  useEffect(() => {
    if (query === "") return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      fetchConversationPage({ q: query }, abort.signal).then(
        (page) => setSearch({ query, results: page.conversations, error: null }),
        (error: unknown) => {
          if (abort.signal.aborted) return;
          setSearch({ query, results: null, error: error instanceof ApiError ? error.message : "Could not search your chats." });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query]);
  if (query === "") return null;
  return search.query === query ? search : { results: null, error: null };
}

/** What I wrote there that is not sent yet, the last message, or what I have begun to write there (not for the chat open, which shows it). */
function Preview({ conversation, userId, open }: { conversation: ConversationSummary; userId: string; open: boolean }) {
  const draft = useDraft(userId, conversation.id);
  const unsent = useUnsent(userId, conversation.id);
  const last = unsent?.at(-1);
  if (last) {
    return (
      <span className="truncate text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-amber-700 dark:text-amber-400">Not sent yet:</span>{" "}
        {/* Named as the chat's member list had them when it was written (older outboxes kept no names). */}
        {mentionsToText(last.body, (id) => last.mentions?.find((m) => m.id === id)?.name ?? "…").replace(/\s+/g, " ")}
      </span>
    );
  }
  if (draft && !open) {
    return (
      <span className="truncate text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-red-700 dark:text-red-400">Draft:</span> {draft.replace(/\s+/g, " ")}
      </span>
    );
  }
  const body = conversation.lastMessage?.body;
  const show = (text: string) => <span className="truncate text-sm text-zinc-600 dark:text-zinc-400">{preview(conversation, text)}</span>;
  return body ? <PlainText body={body}>{show}</PlainText> : show("");
}

/** The preview line, with `text` the last message's text without its Markdown marks. */
function preview(c: ConversationSummary, text: string): string {
  const last = c.lastMessage;
  if (!last) return "No messages yet";
  const shown = last.body === null ? "Message deleted" : text.replace(/\s+/g, " ");
  return c.kind === "direct" || last.kind === "system" || !last.senderUsername ? shown : `${last.senderUsername}: ${shown}`;
}
