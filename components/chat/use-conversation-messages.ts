"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { fetchMessages, postMessage, type MessagePage } from "@/lib/api-client";
import { newClientId } from "@/lib/client-id";
import type { MessageDTO, ReadState } from "@/lib/dto";
import type { PartialMessage } from "@/lib/realtime/events";
import { mergeMessages } from "./merge-messages";
import { loadOutbox, saveOutbox } from "./outbox-storage";
import { SendQueue, type PendingMessage } from "./send-queue";

export type { PendingMessage } from "./send-queue";

/**
 * The messages of one open conversation: the server's, in id order and each once, plus this tab's
 * own sends that the server has not confirmed yet. While the newest messages are loaded, whatever
 * the channel missed (a reconnect, a hidden tab, a message too large for an event) is fetched after
 * the last page read. A view opened deep in history (a search result) pages forward instead.
 * Sends go through a queue that retries by itself and outlives a reload of the tab (send-queue.ts).
 */
export function useConversationMessages(
  userId: string,
  conversationId: string,
  channel: string,
  initialPage: MessagePage,
  initialReads: ReadState[],
) {
  const [messages, setMessages] = useState(initialPage.messages);
  const [hasOlder, setHasOlder] = useState(initialPage.hasMore);
  const [hasNewer, setHasNewer] = useState(initialPage.hasNewer);
  const [loading, setLoading] = useState<"older" | "newer" | null>(null);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [readStates, setReadStates] = useState(initialReads);
  // Where catching up and paging forward start: the newest id of the last page read from the
  // server, never the newest id held. Ids are given out as messages are stored but published as each
  // request finishes, so a message from the channel (or this tab's own send) can be newer than one
  // still on its way; after a reconnect, fetching after it would skip that one for good. A page
  // holds every message up to its newest id, since the database stores one write at a time.
  const syncedThrough = useRef(initialPage.messages.at(-1)?.id ?? 0);
  const atLiveEdge = useRef(!initialPage.hasNewer);
  const catchingUp = useRef<Promise<void> | null>(null);
  const catchUpFailures = useRef(0);
  const catchUpRetry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const subscribedBefore = useRef(false);
  const queue = useRef<SendQueue | null>(null);

  const show = useCallback((incoming: MessageDTO[]) => {
    setMessages((current) => mergeMessages(current, incoming));
    queue.current?.confirm(incoming.map((m) => m.clientId));
  }, []);

  /** A page read after syncedThrough: everything up to its newest id is now held. */
  const receivePage = useCallback(
    (page: MessagePage) => {
      const newest = page.messages.at(-1)?.id;
      if (newest === undefined) return;
      syncedThrough.current = Math.max(syncedThrough.current, newest);
      show(page.messages);
    },
    [show],
  );

  // The queue lives as long as this view; what it still holds is kept in the tab's storage, and a
  // reloaded (or remounted) view sends it again, in order, before anything new.
  const initiallyStored = useRef(new Set(initialPage.messages.map((m) => m.clientId)));
  useEffect(() => {
    const sends = new SendQueue({
      deliver: async (item) =>
        (await postMessage(conversationId, { clientId: item.clientId, body: item.body, replyTo: item.replyTo?.id })).message,
      onDelivered: (message) => show([message]),
      onChange: (items) => {
        setPending(items);
        saveOutbox(userId, conversationId, items);
      },
    });
    queue.current = sends;
    sends.add(...loadOutbox(userId, conversationId).filter((o) => !initiallyStored.current.has(o.clientId)));
    return () => {
      sends.close();
      if (queue.current === sends) queue.current = null;
    };
  }, [conversationId, show, userId]);

  /** Replaces messages already held (edits, deletes, reactions); never adds a gap. */
  const update = useCallback((changed: MessageDTO[]) => {
    setMessages((current) => {
      const held = new Set(current.map((m) => m.id));
      return mergeMessages(current, changed.filter((m) => held.has(m.id)));
    });
  }, []);

  const catchUp = useCallback((): Promise<void> => {
    if (!atLiveEdge.current) return Promise.resolve();
    clearTimeout(catchUpRetry.current);
    // One catch-up at a time; the loop itself picks up whatever arrives meanwhile.
    catchingUp.current ??= (async () => {
      try {
        for (;;) {
          const page = await fetchMessages(conversationId, { after: syncedThrough.current, limit: 200 });
          receivePage(page);
          if (!page.hasMore) break;
        }
        catchUpFailures.current = 0;
      } catch {
        // The app server is unreachable (offline, or restarting): try again soon, and sooner on a
        // reconnect or when the tab is shown again.
        const delay = Math.min(10_000, 1000 * 2 ** catchUpFailures.current++) * (0.5 + Math.random() / 2);
        catchUpRetry.current = setTimeout(() => void catchUp(), delay);
      } finally {
        catchingUp.current = null;
      }
    })();
    return catchingUp.current;
  }, [conversationId, receivePage]);
  useEffect(() => () => clearTimeout(catchUpRetry.current), []);

  const refetch = useCallback(
    async (partial: PartialMessage) => {
      const page = await fetchMessages(conversationId, { around: partial.id, limit: 1 }).catch(() => null);
      if (page) update(page.messages);
    },
    [conversationId, update],
  );

  useChannelEvent(channel, "message.created", (payload) => {
    if (!atLiveEdge.current) return;
    if ("partial" in payload) void catchUp();
    else show([payload]);
  });
  useChannelEvent(channel, "message.updated", (payload) => {
    if ("partial" in payload) void refetch(payload);
    else update([payload]);
  });
  useChannelEvent(channel, "conversation.read", (read) => {
    setReadStates((current) => current.map((r) => (r.userId === read.userId ? { ...r, lastReadMessageId: read.lastReadMessageId } : r)));
  });
  useOnSubscribed(channel, () => {
    void catchUp();
    queue.current?.nudge();
    if (subscribedBefore.current && atLiveEdge.current) {
      // Back from a disconnect: edits, deletes and reactions made meanwhile refresh the newest page.
      void fetchMessages(conversationId, {}).then((page) => update(page.messages), () => {});
    }
    subscribedBefore.current = true;
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
    const oldest = messages[0]?.id;
    if (loading || !hasOlder || oldest === undefined) return false;
    setLoading("older");
    try {
      const page = await fetchMessages(conversationId, { before: oldest });
      setMessages((current) => mergeMessages(current, page.messages));
      setHasOlder(page.hasMore);
      return true;
    } catch {
      return false;
    } finally {
      setLoading(null);
    }
  }, [conversationId, hasOlder, loading, messages]);

  const loadNewer = useCallback(async () => {
    if (loading || !hasNewer) return;
    setLoading("newer");
    try {
      const page = await fetchMessages(conversationId, { after: syncedThrough.current });
      receivePage(page);
      if (!page.hasMore) {
        setHasNewer(false);
        atLiveEdge.current = true;
        void catchUp();
      }
    } catch {
      // Scrolling down again retries.
    } finally {
      setLoading(null);
    }
  }, [catchUp, conversationId, hasNewer, loading, receivePage]);

  const send = useCallback((body: string, replyTo?: MessageDTO) => {
    queue.current?.add({
      clientId: newClientId(),
      body,
      replyTo: replyTo ? { id: replyTo.id, body: replyTo.body, senderUsername: replyTo.sender?.username ?? null } : undefined,
      createdAt: Date.now(),
    });
  }, []);

  /** Sends again with the same clientId: the server stores it at most once. */
  const retry = useCallback((clientId: string) => queue.current?.retry(clientId), []);
  const discard = useCallback((clientId: string) => queue.current?.discard(clientId), []);

  return { messages, pending, readStates, hasOlder, hasNewer, loading, loadOlder, loadNewer, send, retry, discard, update };
}
