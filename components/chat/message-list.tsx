"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { MessageDTO } from "@/lib/dto";
import { formatDay } from "@/lib/format";
import { MessageBubble, PendingBubble } from "./message-bubble";
import type { PendingMessage } from "./use-conversation-messages";

const NEAR_BOTTOM_PX = 80;
const LOAD_OLDER_PX = 300;

type MessageListProps = {
  meId: string;
  showSenders: boolean;
  messages: MessageDTO[];
  pending: PendingMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** Called with the newest message id the reader has in view, while the tab is visible. */
  onSeen: (messageId: number) => void;
};

/**
 * The scrolling history. Loading older pages keeps what the reader sees exactly in place; new
 * messages follow the reader only when they are already at the bottom.
 */
export function MessageList(props: MessageListProps) {
  const { meId, showSenders, messages, pending, hasOlder, loadingOlder, onLoadOlder, onRetry, onDiscard, onSeen } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const anchor = useRef<{ firstId: number | undefined; fromBottom: number }>({ firstId: undefined, fromBottom: 0 });

  const firstId = messages[0]?.id;
  const lastId = messages.at(-1)?.id;

  const scrollToBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setShowJump(false);
  }, []);

  // Where the reader is, measured from the bottom: what a prepend must leave unchanged.
  const rememberPosition = useCallback(() => {
    const el = scroller.current;
    if (el) anchor.current.fromBottom = el.scrollHeight - el.scrollTop;
  }, []);

  const reportSeen = useCallback(() => {
    if (atBottom.current && lastId !== undefined && document.visibilityState === "visible") onSeen(lastId);
  }, [lastId, onSeen]);

  // Older messages were prepended: restore the distance from the bottom the reader had.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current.firstId !== undefined && firstId !== anchor.current.firstId) {
      el.scrollTop = el.scrollHeight - anchor.current.fromBottom;
    }
    anchor.current.firstId = firstId;
    rememberPosition();
  }, [firstId, rememberPosition]);

  // Newer messages (or own sends) arrived: follow only a reader who is at the bottom.
  useLayoutEffect(() => {
    if (atBottom.current) scrollToBottom();
    else setShowJump(true);
    rememberPosition();
  }, [lastId, pending.length, scrollToBottom, rememberPosition]);

  useEffect(() => {
    reportSeen();
    document.addEventListener("visibilitychange", reportSeen);
    return () => document.removeEventListener("visibilitychange", reportSeen);
  }, [reportSeen]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    atBottom.current = fromBottom < NEAR_BOTTOM_PX;
    rememberPosition();
    if (atBottom.current) {
      setShowJump(false);
      reportSeen();
    }
    if (el.scrollTop < LOAD_OLDER_PX && hasOlder && !loadingOlder) onLoadOlder();
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label="Messages"
        aria-live="polite"
        className="h-full overflow-y-auto px-4 py-3"
      >
        {hasOlder ? (
          <p className="py-2 text-center text-xs text-zinc-500">{loadingOlder ? "Loading earlier messages…" : ""}</p>
        ) : (
          <p className="py-2 text-center text-xs text-zinc-500">This is the start of the conversation.</p>
        )}
        <ol className="flex flex-col gap-1.5">
          {messages.map((m, i) => {
            const previous = messages[i - 1];
            const newDay = !previous || new Date(previous.createdAt).toDateString() !== new Date(m.createdAt).toDateString();
            return (
              <li key={m.id} id={`message-${m.id}`} data-message-id={m.id} className="scroll-mt-16">
                {newDay && (
                  <p className="my-3 text-center text-xs font-medium text-zinc-500" suppressHydrationWarning>
                    {formatDay(m.createdAt)}
                  </p>
                )}
                <MessageBubble message={m} mine={m.sender?.id === meId} showSender={showSenders} />
              </li>
            );
          })}
          {pending.map((p) => (
            <li key={p.clientId} data-pending={p.status}>
              <PendingBubble item={p} onRetry={() => onRetry(p.clientId)} onDiscard={() => onDiscard(p.clientId)} />
            </li>
          ))}
        </ol>
      </div>
      {showJump && (
        <button
          type="button"
          onClick={scrollToBottom}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white shadow-lg"
        >
          Jump to latest
        </button>
      )}
    </div>
  );
}
