"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { ApiError, fetchMessages, postMessage, type MessagePage } from "@/lib/api-client";
import { newClientId } from "@/lib/client-id";
import type { MessageDTO, ReadState } from "@/lib/dto";
import type { PartialMessage } from "@/lib/realtime/events";
import { mergeMessages } from "./merge-messages";

export type PendingMessage = {
  clientId: string;
  body: string;
  replyTo?: MessageDTO["replyTo"];
  status: "sending" | "failed";
  error?: string;
  retryable?: boolean;
  createdAt: number;
};

/**
 * The messages of one open conversation: the server's, in id order and each once, plus this tab's
 * own sends that the server has not confirmed yet. While the newest messages are loaded, whatever
 * the channel missed (a reconnect, a hidden tab, a message too large for an event) is fetched after
 * the last page read. A view opened deep in history (a search result) pages forward instead.
 */
export function useConversationMessages(
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
  const subscribedBefore = useRef(false);

  const receive = useCallback((incoming: MessageDTO[]) => {
    if (incoming.length === 0) return;
    setMessages((current) => mergeMessages(current, incoming));
    const confirmed = new Set(incoming.map((m) => m.clientId));
    setPending((current) => current.filter((p) => !confirmed.has(p.clientId)));
  }, []);

  /** Replaces messages already held (edits, deletes, reactions); never adds a gap. */
  const update = useCallback((changed: MessageDTO[]) => {
    setMessages((current) => {
      const held = new Set(current.map((m) => m.id));
      return mergeMessages(current, changed.filter((m) => held.has(m.id)));
    });
  }, []);

  const catchUp = useCallback((): Promise<void> => {
    if (!atLiveEdge.current) return Promise.resolve();
    // One catch-up at a time; the loop itself picks up whatever arrives meanwhile.
    catchingUp.current ??= (async () => {
      try {
        for (;;) {
          const page = await fetchMessages(conversationId, { after: syncedThrough.current, limit: 200 });
          receive(page.messages);
          syncedThrough.current = page.messages.at(-1)?.id ?? syncedThrough.current;
          if (!page.hasMore) break;
        }
      } catch {
        // Offline: the next reconnect or visibility change tries again.
      } finally {
        catchingUp.current = null;
      }
    })();
    return catchingUp.current;
  }, [conversationId, receive]);

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
    else receive([payload]);
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
    if (subscribedBefore.current && atLiveEdge.current) {
      // Back from a disconnect: edits, deletes and reactions made meanwhile refresh the newest page.
      void fetchMessages(conversationId, {}).then((page) => update(page.messages), () => {});
    }
    subscribedBefore.current = true;
  });
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void catchUp();
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
      receive(page.messages);
      syncedThrough.current = page.messages.at(-1)?.id ?? syncedThrough.current;
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
  }, [catchUp, conversationId, hasNewer, loading, receive]);

  const deliver = useCallback(
    async (item: PendingMessage) => {
      try {
        const { message } = await postMessage(conversationId, {
          clientId: item.clientId,
          body: item.body,
          replyTo: item.replyTo?.id,
        });
        receive([message]);
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError(0, "network", "Could not send.");
        setPending((current) =>
          current.map((p) =>
            p.clientId === item.clientId ? { ...p, status: "failed", error: apiError.message, retryable: apiError.retryable } : p,
          ),
        );
      }
    },
    [conversationId, receive],
  );

  const send = useCallback(
    (body: string, replyTo?: MessageDTO) => {
      const item: PendingMessage = {
        clientId: newClientId(),
        body,
        replyTo: replyTo ? { id: replyTo.id, body: replyTo.body, senderUsername: replyTo.sender?.username ?? null } : undefined,
        status: "sending",
        createdAt: Date.now(),
      };
      setPending((current) => [...current, item]);
      void deliver(item);
    },
    [deliver],
  );

  /** Sends again with the same clientId: the server stores it at most once. */
  const retry = useCallback(
    (clientId: string) => {
      const item = pending.find((p) => p.clientId === clientId);
      if (!item) return;
      setPending((current) => current.map((p) => (p.clientId === clientId ? { ...p, status: "sending", error: undefined } : p)));
      void deliver({ ...item, status: "sending" });
    },
    [deliver, pending],
  );

  const discard = useCallback((clientId: string) => {
    setPending((current) => current.filter((p) => p.clientId !== clientId));
  }, []);

  return { messages, pending, readStates, hasOlder, hasNewer, loading, loadOlder, loadNewer, send, retry, discard, update };
}
