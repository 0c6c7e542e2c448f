"use client";

import { usePathname, useRouter } from "next/navigation";
import { createContext, startTransition, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { ApiError, fetchConversationPage } from "@/lib/client/api-client";
import type { ConversationPage, ReadPosition } from "@/lib/dto";
import { userChannel } from "@/lib/realtime/channels";
import { mutedAt } from "@/lib/mute-rules";
import type { RealtimeEvents } from "@/lib/realtime/events";
import { holds, initialListState, listReducer, totalUnread, type ListState } from "./conversation-list-state";
import { loadMarkdown, plainTextOf } from "./lazy-markdown";
import { useNow } from "./use-now";

/** Events that need a fetch often come in bursts (a group created, a reconnect): one fetch for them. */
const REFETCH_DEBOUNCE_MS = 150;

/** A refetch asks again for as many chats as are held (at least a page), up to the route's limit. */
const PAGE_SIZE = 50;
const MAX_REFETCH = 100;

type ApplyReadPosition = (conversationId: string, position: ReadPosition) => void;
type ListValue = ListState & { loadMore: () => void };

// Two contexts: the list changes with every event, while the chat view only needs to hand in its
// read marks' answers and should not re-render for other chats' messages.
const ListContext = createContext<ListValue | null>(null);
const ReadPositionContext = createContext<ApplyReadPosition | null>(null);

/** The held list, and `loadMore` to fetch the page after it (for scrolling down). */
export function useConversationList(): ListValue {
  const value = useContext(ListContext);
  if (!value) throw new Error("useConversationList outside ConversationListProvider");
  return value;
}

/** Applies a read mark's answer (the reader's position in a chat, and what is still unread there). */
export function useApplyReadPosition(): ApplyReadPosition {
  const value = useContext(ReadPositionContext);
  if (!value) throw new Error("useApplyReadPosition outside ConversationListProvider");
  return value;
}

/** The chat a page belongs to: /c/:id and its info page. */
export function openChatOf(pathname: string): string | null {
  return /^\/c\/([^/]+)/.exec(pathname)?.[1] ?? null;
}

/** The chat whose messages are on screen: /c/:id itself, not its info page. */
function viewedChat(pathname: string): string | null {
  return /^\/c\/([^/]+)\/?$/.exec(pathname)?.[1] ?? null;
}

function useTabVisible(): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === "visible");
    update();
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  return visible;
}

/**
 * Fetches the first pages at most once at a time: requests while one is on its way make one more
 * after it, and requests close together make one.
 */
function useCoalescedRefetch(limit: () => number, onPage: (page: ConversationPage) => void, onFailure: (error: unknown) => void): () => void {
  const request = useRef<() => void>(() => {});
  const latest = useRef({ limit, onPage, onFailure });
  useEffect(() => {
    latest.current = { limit, onPage, onFailure };
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let queued = false;
    let closed = false;
    let failures = 0;
    const run = () => {
      timer = undefined;
      inFlight = true;
      startTransition(async () => {
        try {
          const page = await fetchConversationPage({ limit: latest.current.limit() });
          failures = 0;
          if (!closed) latest.current.onPage(page);
        } catch (error) {
          if (closed) return;
          latest.current.onFailure(error);
          // Unreachable, failing or shedding load (429): keep what is shown and ask again later,
          // no sooner than the server said.
          if (error instanceof ApiError && error.retryable) {
            const backoff = Math.min(30_000, 1000 * 2 ** failures++) * (0.5 + Math.random() / 2);
            const delay = Math.max(backoff, (error.retryAfterMs ?? 0) * (1 + Math.random() / 2));
            clearTimeout(timer);
            timer = setTimeout(run, delay);
          }
        } finally {
          inFlight = false;
          if (queued && !closed) {
            queued = false;
            ask();
          }
        }
      });
    };
    const ask = () => {
      if (closed) return;
      if (inFlight) queued = true;
      else timer ??= setTimeout(run, REFETCH_DEBOUNCE_MS);
    };
    request.current = ask;
    return () => {
      closed = true;
      clearTimeout(timer);
    };
  }, []);
  return useCallback(() => request.current(), []);
}

/**
 * The one owner of the conversation list. Realtime events are applied to it where it stands
 * (conversation-list-state.ts); it is fetched again only when an event cannot say what changed:
 * after a (re)subscription of the user's channel, when memberships, contacts or profiles change,
 * and for a chat it does not hold yet. It also keeps the tab title's unread total and shows
 * notifications for others' messages while the tab is hidden.
 */
export function ConversationListProvider({
  userId,
  initial,
  hidePreviews = false,
  children,
}: {
  userId: string;
  /** The person's "hide previews": a notification says who wrote, never what (as pushes do). */
  hidePreviews?: boolean;
  initial: ConversationPage;
  children: React.ReactNode;
}) {
  const reducer = useMemo(() => listReducer(userId), [userId]);
  const [state, dispatch] = useReducer(reducer, initial, initialListState);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  const router = useRouter();
  const pathname = usePathname();
  const openId = openChatOf(pathname);
  const visible = useTabVisible();
  const viewing = visible ? viewedChat(pathname) : null;

  // A session that ended elsewhere (signed out everywhere, a password change): the tab goes to sign-in.
  const onFailure = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) router.replace("/sign-in");
    },
    [router],
  );
  const refetch = useCoalescedRefetch(
    () => Math.min(MAX_REFETCH, Math.max(PAGE_SIZE, latest.current.conversations.length)),
    (page) => dispatch({ type: "replace", page }),
    onFailure,
  );
  // The page after the held ones, one request at a time; the reducer drops an answer no longer next.
  const loadingAfter = useRef<string | null>(null);
  const loadMore = useCallback(() => {
    const after = latest.current.next;
    if (after === null || loadingAfter.current === after) return;
    loadingAfter.current = after;
    fetchConversationPage({ before: after, limit: PAGE_SIZE })
      .then((page) => dispatch({ type: "more", after, page }))
      .catch(onFailure)
      .finally(() => {
        if (loadingAfter.current === after) loadingAfter.current = null;
      });
  }, [onFailure]);

  useEffect(() => {
    dispatch({ type: "viewing", conversationId: viewing });
  }, [viewing]);
  // A chat just opened or created that the list has not heard of (an empty direct chat).
  useEffect(() => {
    if (openId && !holds(latest.current, openId)) refetch();
  }, [openId, refetch]);

  // The formatter is not in the first-load JavaScript (lazy-markdown.tsx): fetch it once the page
  // is idle, so that a message with Markdown arriving later shows formatted at once.
  useEffect(() => {
    const id = setTimeout(() => void loadMarkdown(), 2000);
    return () => clearTimeout(id);
  }, []);

  const notify = useCallback(
    (activity: RealtimeEvents["conversation.activity"]) => {
      const preview = activity.change === "created" ? activity.preview : undefined;
      if (!preview || preview.senderId === userId || document.visibilityState === "visible") return;
      // A muted chat makes no notification, unless the message mentions me.
      const held = latest.current.conversations.find((c) => c.id === activity.conversationId);
      if (mutedAt(held?.mutedUntil, Date.now()) && !(activity.change === "created" && activity.mentions.includes(userId))) return;
      if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
      void (hidePreviews ? Promise.resolve("New message") : plainTextOf(preview.body)).then((body) => {
        const notification = new Notification(preview.senderUsername ?? "New message", { body, tag: activity.conversationId });
        notification.onclick = () => {
          window.focus();
          router.push(`/c/${activity.conversationId}`);
          notification.close();
        };
      });
    },
    [hidePreviews, router, userId],
  );

  const channel = userChannel(userId);
  useChannelEvent(channel, "conversation.activity", (activity) => {
    dispatch({ type: "activity", activity });
    // A chat beyond the held pages (or new): only a fetch can say how to show it.
    if (!holds(latest.current, activity.conversationId)) refetch();
    notify(activity);
  });
  useChannelEvent(channel, "conversation.unread", (unread) => dispatch({ type: "unread", unread }));
  useChannelEvent(channel, "conversation.muted", (muted) => dispatch({ type: "muted", muted }));
  useChannelEvent(channel, "conversation.mentions", (mentions) => dispatch({ type: "mentions", mentions }));
  // Whatever was published while the channel was not subscribed is only in the database.
  useOnSubscribed(channel, refetch);
  // A block hides or restores a chat; a new name or picture changes how a chat is shown.
  useChannelEvent(channel, "contact.changed", refetch);
  useChannelEvent(channel, "profile.updated", refetch);
  // Members, roles or the channel changed: reload the open chat so it subscribes anew.
  useChannelEvent(channel, "conversation.membership", ({ conversationId }) => {
    refetch();
    if (conversationId === openId) router.refresh();
  });
  useChannelEvent(channel, "conversation.removed", ({ conversationId }) => {
    if (conversationId === openId) router.replace("/");
    refetch();
  });

  // The total is read again as each mute ends: the chat counts in the title from then on.
  useNow(...state.conversations.map((c) => c.mutedUntil));
  const unread = totalUnread(state);
  // The page's own title with the unread total in front. Next.js rewrites the title on every
  // navigation and refresh, so the prefix is put back whenever the title changes.
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(/^\(\d+\) /, "");
      const wanted = unread > 0 ? `(${unread}) ${base}` : base;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [unread]);

  const value = useMemo(() => ({ ...state, loadMore }), [state, loadMore]);
  const applyReadPosition = useCallback<ApplyReadPosition>(
    (conversationId, position) => dispatch({ type: "unread", unread: { conversationId, ...position } }),
    [],
  );
  return (
    <ReadPositionContext.Provider value={applyReadPosition}>
      <ListContext.Provider value={value}>{children}</ListContext.Provider>
    </ReadPositionContext.Provider>
  );
}
