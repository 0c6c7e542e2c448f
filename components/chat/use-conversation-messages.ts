"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useChannelEvent, useOnSubscribed } from "@/components/realtime/use-channel-event";
import { ApiError, fetchMessages, postMessage, type MessagePage } from "@/lib/api-client";
import { newClientId } from "@/lib/client-id";
import type { MessageDTO } from "@/lib/dto";
import { conversationChannel } from "@/lib/realtime/channels";
import { mergeMessages } from "./merge-messages";

export type PendingMessage = {
  clientId: string;
  body: string;
  replyTo?: number;
  status: "sending" | "failed";
  error?: string;
  retryable?: boolean;
  createdAt: number;
};

/**
 * The messages of one open conversation: the server's, in id order and each once, plus this tab's
 * own sends that the server has not confirmed yet. Whatever the realtime channel missed (a reconnect,
 * a hidden tab, a message too large to carry) is fetched after the newest id held.
 */
export function useConversationMessages(conversationId: string, initialPage: MessagePage) {
  const [messages, setMessages] = useState(initialPage.messages);
  const [hasOlder, setHasOlder] = useState(initialPage.hasMore);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const newestId = useRef(initialPage.messages.at(-1)?.id ?? 0);
  const catchingUp = useRef<Promise<void> | null>(null);

  const receive = useCallback((incoming: MessageDTO[]) => {
    if (incoming.length === 0) return;
    newestId.current = Math.max(newestId.current, ...incoming.map((m) => m.id));
    setMessages((current) => mergeMessages(current, incoming));
    const confirmed = new Set(incoming.map((m) => m.clientId));
    setPending((current) => current.filter((p) => !confirmed.has(p.clientId)));
  }, []);

  const catchUp = useCallback((): Promise<void> => {
    // One catch-up at a time; a request during one runs again after it, from the new newest id.
    catchingUp.current ??= (async () => {
      try {
        for (;;) {
          const page = await fetchMessages(conversationId, { after: newestId.current, limit: 200 });
          receive(page.messages);
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

  const channel = conversationChannel(conversationId);
  useChannelEvent(channel, "message.created", (payload) => {
    if ("partial" in payload) void catchUp();
    else receive([payload]);
  });
  useOnSubscribed(channel, () => void catchUp());
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

  const loadOlder = useCallback(async () => {
    if (loadingOlder || !hasOlder) return;
    const oldest = messages[0]?.id;
    if (oldest === undefined) return;
    setLoadingOlder(true);
    try {
      const page = await fetchMessages(conversationId, { before: oldest });
      setMessages((current) => mergeMessages(current, page.messages));
      setHasOlder(page.hasMore);
    } catch {
      // Scrolling up again retries.
    } finally {
      setLoadingOlder(false);
    }
  }, [conversationId, hasOlder, loadingOlder, messages]);

  const deliver = useCallback(
    async (item: PendingMessage) => {
      try {
        const { message } = await postMessage(conversationId, {
          clientId: item.clientId,
          body: item.body,
          replyTo: item.replyTo,
        });
        receive([message]);
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError(0, "network", "Could not send.");
        setPending((current) =>
          current.map((p) =>
            p.clientId === item.clientId
              ? { ...p, status: "failed", error: apiError.message, retryable: apiError.retryable }
              : p,
          ),
        );
      }
    },
    [conversationId, receive],
  );

  const send = useCallback(
    (body: string, replyTo?: number) => {
      const item: PendingMessage = { clientId: newClientId(), body, replyTo, status: "sending", createdAt: Date.now() };
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

  return { messages, pending, hasOlder, loadingOlder, loadOlder, send, retry, discard };
}
