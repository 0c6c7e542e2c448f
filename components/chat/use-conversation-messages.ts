"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { ApiError, fetchMessages, postMessage, type MessagePage } from "@/lib/client/api-client";
import { newClientId } from "@/lib/client/client-id";
import type { AttachmentDTO, MentionDTO, MessageDTO, ReadState } from "@/lib/dto";
import { loadOutbox, OutboxMirror, removeFromOutbox, requestBackgroundSync, sortOutbox } from "./outbox";
import { SendQueue } from "./send-queue";
import {
  atLiveEdge,
  catchUpPoint,
  leftAGap,
  hasNewer,
  hasOlder,
  heldClientIds,
  holds,
  initialTimeline,
  olderCursor,
  timeline,
  type TimelineAction,
} from "./timeline";

export type { PendingMessage } from "./send-queue";

let lastCreatedAt = 0;
/** Never the same twice in a tab: the outbox sends in this order (outbox-flush.ts, public/sw.js). */
function nextCreatedAt(): number {
  lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1);
  return lastCreatedAt;
}

/**
 * The timeline's state (timeline.ts) and its dispatch. Like useReducer, except that the effects
 * below read the state an action produced at once, not after the next render: a catch-up's next
 * request starts where the page it has just applied ended.
 */
function useTimeline(initialPage: MessagePage, initialReads: ReadState[]) {
  const [state, setState] = useState(() => initialTimeline(initialPage, initialReads));
  const latest = useRef(state);
  const dispatch = useCallback((action: TimelineAction) => {
    latest.current = timeline(latest.current, action);
    setState(latest.current);
  }, []);
  return [state, dispatch, latest] as const;
}

/**
 * The messages of one open conversation: the server's, in id order and each once, plus this tab's
 * own sends that the server has not confirmed yet. While the newest messages are loaded, whatever
 * the channel missed (a reconnect, a hidden tab, a message too large for an event) is fetched after
 * the catch-up point: the end of the pages read from the server, never the newest id held, since a
 * message from the channel or this tab's own send can be newer than one still on its way (see
 * timeline.ts). A view opened deep in history (a search result) pages forward instead. Sends go
 * through a queue that retries by itself and outlives a reload of the tab (send-queue.ts).
 * What the state is lives in timeline.ts; this hook only subscribes, fetches, schedules and sends.
 */
export function useConversationMessages(userId: string, conversationId: string, channel: string, initialPage: MessagePage, initialReads: ReadState[]) {
  const [state, dispatch, latest] = useTimeline(initialPage, initialReads);
  const catchingUp = useRef<Promise<void> | null>(null);
  const catchUpAgain = useRef(false);
  const catchUpFailures = useRef(0);
  const catchUpRetry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const subscribedBefore = useRef(false);
  const queue = useRef<SendQueue | null>(null);

  /** Applies messages from the server or the channel; sends of ours among those now held are done. */
  const receive = useCallback(
    (action: TimelineAction, messages: MessageDTO[]) => {
      dispatch(action);
      const held = messages.filter((m) => holds(latest.current, m.id));
      if (held.length > 0) queue.current?.confirm(held.map((m) => m.clientId));
    },
    [dispatch, latest],
  );

  // The queue lives as long as this view; what it still holds is kept in IndexedDB (outbox.ts),
  // and a reloaded (or remounted) view, any other tab or the service worker sends it again, in order,
  // with the same clientId. What the server already holds is done.
  useEffect(() => {
    const mirror = new OutboxMirror(userId, conversationId);
    const sends = new SendQueue({
      deliver: async (item) =>
        (
          await postMessage(conversationId, {
            clientId: item.clientId,
            body: item.body,
            replyTo: item.replyTo?.id,
            attachments: item.attachments?.map((a) => a.id),
          })
        ).message,
      onDelivered: (message) => dispatch({ type: "delivered", message }),
      onChange: (items) => {
        dispatch({ type: "pending", items });
        mirror.save(items);
      },
      offline: () => !navigator.onLine,
    });
    queue.current = sends;
    let open = true;
    void loadOutbox(userId, conversationId).then((saved) => {
      if (!open) return;
      const { delivered, waiting } = sortOutbox(saved, heldClientIds(latest.current));
      void removeFromOutbox(delivered);
      mirror.adopt(waiting);
      sends.add(...waiting);
    });
    // Leaving with messages unsent: the service worker sends them when it can (Background Sync).
    const onLeave = () => {
      if (mirror.holdsUnsent) void requestBackgroundSync();
    };
    window.addEventListener("pagehide", onLeave);
    return () => {
      window.removeEventListener("pagehide", onLeave);
      onLeave();
      open = false;
      sends.close();
      if (queue.current === sends) queue.current = null;
    };
  }, [conversationId, dispatch, latest, userId]);

  /** Replaces messages already held (edits, deletes, reactions); never adds a gap. */
  const update = useCallback((changed: MessageDTO[]) => dispatch({ type: "updated", messages: changed }), [dispatch]);

  const catchUp = useCallback((): Promise<void> => {
    if (!atLiveEdge(latest.current)) return Promise.resolve();
    clearTimeout(catchUpRetry.current);
    // One catch-up at a time. Asked again while one runs, it goes round once more when done: the
    // request in flight may have left before what prompted this (a reconnect, a large message).
    if (catchingUp.current) {
      catchUpAgain.current = true;
      return catchingUp.current;
    }
    catchingUp.current = (async () => {
      try {
        for (;;) {
          catchUpAgain.current = false;
          const after = catchUpPoint(latest.current);
          const page = await fetchMessages(conversationId, { after, limit: 200 });
          receive({ type: "caughtUp", after, page }, page.messages);
          if (!page.hasMore && !catchUpAgain.current) break;
        }
        catchUpFailures.current = 0;
      } catch (error) {
        // The app server is unreachable (offline, or restarting) or shedding load: try again soon (no
        // sooner than it said), and sooner on a reconnect or when the tab is shown again.
        const backoff = Math.min(10_000, 1000 * 2 ** catchUpFailures.current++) * (0.5 + Math.random() / 2);
        const delay = Math.max(backoff, (error instanceof ApiError ? (error.retryAfterMs ?? 0) : 0) * (1 + Math.random() / 2));
        catchUpRetry.current = setTimeout(() => void catchUp(), delay);
      } finally {
        catchingUp.current = null;
      }
    })();
    return catchingUp.current;
  }, [conversationId, latest, receive]);
  useEffect(() => () => clearTimeout(catchUpRetry.current), []);

  useChannelEvent(channel, "message.created", (payload) => {
    // Too large for an event: the catch-up fetches it (a view deep in history ignores it).
    if ("partial" in payload) void catchUp();
    else receive({ type: "created", message: payload }, [payload]);
  });
  useChannelEvent(channel, "message.updated", (payload) => {
    if (!("partial" in payload)) return update([payload]);
    // Only a message held can change on screen; one not held is fetched when its page is.
    if (!holds(latest.current, payload.id)) return;
    void fetchMessages(conversationId, { around: payload.id, limit: 1 }).then(
      (page) => update(page.messages),
      () => {},
    );
  });
  useChannelEvent(channel, "conversation.read", ({ userId: reader, username, lastReadMessageId }) => {
    dispatch({ type: "read", read: { userId: reader, username, lastReadMessageId } });
  });
  useOnSubscribed(channel, () => {
    queue.current?.nudge();
    const again = subscribedBefore.current;
    subscribedBefore.current = true;
    if (!again || !atLiveEdge(latest.current)) return void catchUp();
    // Back from a disconnect, one request: the newest page brings what was missed and the edits,
    // deletes and reactions made meanwhile. Only more than a page missed needs a catch-up as well.
    const before = latest.current;
    void fetchMessages(conversationId, {}).then(
      (page) => {
        dispatch({ type: "refreshed", page });
        if (leftAGap(before, page)) void catchUp();
      },
      () => void catchUp(),
    );
  });
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      void catchUp();
      queue.current?.nudge();
    };
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("online", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("online", onVisible);
    };
  }, [catchUp]);

  const loadOlder = useCallback(async (): Promise<boolean> => {
    const current = latest.current;
    if (current.loading || !hasOlder(current)) return false;
    const before = olderCursor(current);
    dispatch({ type: "loading", direction: "older" });
    try {
      const page = await fetchMessages(conversationId, { before });
      dispatch({ type: "older", before, page });
      return true;
    } catch {
      dispatch({ type: "loadFailed" });
      return false;
    }
  }, [conversationId, dispatch, latest]);

  const loadNewer = useCallback(async () => {
    const current = latest.current;
    if (current.loading || !hasNewer(current)) return;
    const after = catchUpPoint(current);
    dispatch({ type: "loading", direction: "newer" });
    try {
      const page = await fetchMessages(conversationId, { after });
      receive({ type: "newer", after, page }, page.messages);
      // The newest page: from here on the channel's events apply, after what they may have missed.
      if (atLiveEdge(latest.current)) void catchUp();
    } catch {
      // Scrolling down again retries.
      dispatch({ type: "loadFailed" });
    }
  }, [catchUp, conversationId, dispatch, latest, receive]);

  /** Leaves a view deep in history for the newest messages, then follows the channel from there. */
  const loadLatest = useCallback(async () => {
    if (!hasNewer(latest.current)) return;
    try {
      const page = await fetchMessages(conversationId, {});
      receive({ type: "latest", page }, page.messages);
      void catchUp();
    } catch {
      // Jump to latest (or the next send) tries again.
    }
  }, [catchUp, conversationId, latest, receive]);

  /** With files, the clientId is the one they were uploaded for (attachment-tray.tsx). */
  const send = useCallback((body: string, replyTo?: MessageDTO, extra?: { clientId: string; attachments: AttachmentDTO[]; mentions: MentionDTO[] }) => {
    queue.current?.add({
      clientId: extra?.clientId ?? newClientId(),
      attachments: extra && extra.attachments.length > 0 ? extra.attachments : undefined,
      mentions: extra && extra.mentions.length > 0 ? extra.mentions : undefined,
      body,
      replyTo: replyTo ? { id: replyTo.id, body: replyTo.body, senderUsername: replyTo.sender?.username ?? null } : undefined,
      createdAt: nextCreatedAt(),
    });
  }, []);

  /** Sends again with the same clientId: the server stores it at most once. */
  const retry = useCallback((clientId: string) => queue.current?.retry(clientId), []);
  const discard = useCallback((clientId: string) => queue.current?.discard(clientId), []);

  return {
    messages: state.messages,
    pending: state.pending,
    readStates: state.readStates,
    hasOlder: hasOlder(state),
    hasNewer: hasNewer(state),
    loading: state.loading,
    loadOlder,
    loadNewer,
    loadLatest,
    send,
    retry,
    discard,
    update,
  };
}
