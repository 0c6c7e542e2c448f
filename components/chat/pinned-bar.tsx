"use client";

import { AppLink } from "@/components/ui/app-link";
import { useState } from "react";
import { setPinnedAction } from "@/app/(app)/chat-actions";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import type { MessageDTO, PinnedMessage } from "@/lib/dto";
import { mentionText } from "@/lib/mentions";
import { PlainText } from "./lazy-markdown";
import type { MessageActions } from "./message-bubble";

export type Pins = { list: PinnedMessage[]; apply: (pins: PinnedMessage[]) => void };

/**
 * The chat's pinned messages: those the page came with, then the list each `conversation.pins`
 * carries (the whole list again on every pin or unpin, from any member); an edit or a delete of a
 * pinned message reaches it through `message.updated`.
 */
export function usePins(conversationId: string, channel: string, initial: PinnedMessage[]): Pins {
  const [list, setList] = useState(initial);
  useChannelEvent(channel, "conversation.pins", (event) => {
    if (event.conversationId === conversationId) setList(event.pins);
  });
  useChannelEvent(channel, "message.updated", (message) => {
    if ("partial" in message) return;
    setList((held) =>
      held.flatMap((p) =>
        p.messageId !== message.id
          ? [p]
          : message.deletedAt !== null || message.body === null
            ? []
            : [{ ...p, body: mentionText(message.body, message.mentions) }],
      ),
    );
  });
  return { list, apply: setList };
}

/** The Pin and Unpin actions of messages, for those who may pin in the chat. */
export function pinActions(pins: Pins, onError: (error: string) => void): Pick<MessageActions, "onPin" | "pinned"> {
  const pinned = (id: number) => pins.list.some((p) => p.messageId === id);
  return {
    pinned,
    onPin: (message: MessageDTO) => {
      setPinnedAction(message.id, !pinned(message.id)).then(
        (result) => {
          if (result.ok) {
            pins.apply(result.pins);
            onError("");
          } else onError(result.message);
        },
        () => onError("Could not reach the server. Try again."),
      );
    },
  };
}

/**
 * The pinned bar above the timeline: the newest pin, and the others on request; each opens the
 * chat at its message, as a search result does.
 */
export function PinnedBar({ conversationId, pins }: { conversationId: string; pins: Pins }) {
  const [expanded, setExpanded] = useState(false);
  const [first, ...rest] = pins.list;
  if (!first) return null;
  const link = (p: PinnedMessage) => (
    <AppLink href={`/c/${conversationId}?m=${p.messageId}`} className="block min-w-0 truncate hover:underline" onClick={() => setExpanded(false)}>
      <span className="font-medium">{p.senderUsername ?? "Deleted user"}:</span> <PlainText body={p.body}>{(text) => text.replace(/\s+/g, " ")}</PlainText>
    </AppLink>
  );
  return (
    <aside aria-label="Pinned messages" className="border-b border-zinc-200 bg-amber-50 px-4 py-1.5 text-sm dark:border-zinc-800 dark:bg-amber-950/30">
      <div className="flex items-center gap-2">
        <span aria-hidden="true">📌</span>
        <div className="min-w-0 flex-1">{link(first)}</div>
        {rest.length > 0 && (
          <button
            type="button"
            aria-expanded={expanded}
            onClick={() => setExpanded((e) => !e)}
            className="shrink-0 text-xs text-indigo-600 hover:underline dark:text-indigo-400"
          >
            {expanded ? "Fewer" : `${pins.list.length} pinned`}
          </button>
        )}
      </div>
      {expanded && (
        <ul className="mt-1 space-y-1 pl-6">
          {rest.map((p) => (
            <li key={p.messageId}>{link(p)}</li>
          ))}
        </ul>
      )}
    </aside>
  );
}
