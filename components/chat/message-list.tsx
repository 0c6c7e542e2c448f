"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { MessageDTO } from "@/lib/dto";
import { Avatar } from "@/components/ui/avatar";
import { useHydrated } from "@/components/ui/use-hydrated";
import { dayKey, formatDay } from "@/lib/client/format";
import { MessageBubble, PendingBubble, type MessageActions } from "./message-bubble";
import { ReadReceipt } from "./read-receipt";
import type { Receipt } from "./receipts";
import type { PendingMessage } from "./use-conversation-messages";
import type { MemberNames } from "./use-member-names";

const NEAR_EDGE_PX = 80;
/** Messages of one sender this close together read as one run: the name is shown once, at its start. */
const RUN_GAP_MS = 5 * 60_000;
const LOAD_MORE_PX = 300;

type MessageListProps = {
  meId: string;
  meUsername: string;
  direct: boolean;
  messages: MessageDTO[];
  pending: PendingMessage[];
  receipts: Receipt[];
  hasOlder: boolean;
  hasNewer: boolean;
  loading: "older" | "newer" | null;
  /** Messages after this id were unread when the chat opened: the "new messages" divider goes there. */
  unreadAfter: number | null;
  focusMessageId?: number;
  onLoadOlder: () => Promise<boolean>;
  onLoadNewer: () => void;
  /** Replaces a view deep in history with the newest messages. */
  onLoadLatest: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** Called with the newest message id the reader has in view, while the tab is visible. */
  onSeen: (messageId: number) => void;
  actions: Omit<MessageActions, "onQuoteClick">;
  names: MemberNames;
};

/**
 * The scrolling history. Loading older pages keeps what the reader sees exactly in place; new
 * messages follow the reader only when they are already at the bottom, except the reader's own: a
 * send always goes to the bottom (from deep in history, to the newest messages) to show it.
 * Days and times are the viewer's, so the list is placed only once the browser has hydrated it: the
 * day separators, absent from the server's HTML, are in by then.
 */
export function MessageList(props: MessageListProps) {
  const { meId, meUsername, direct, messages, pending, receipts, hasOlder, hasNewer, loading, unreadAfter, focusMessageId } = props;
  const { onLoadOlder, onLoadNewer, onLoadLatest, onRetry, onDiscard, onSeen, actions, names } = props;
  const hydrated = useHydrated();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const positioned = useRef(false);
  const [showJump, setShowJump] = useState(false);
  const [highlighted, setHighlighted] = useState<number | null>(focusMessageId ?? null);
  const anchor = useRef<{ firstId: number | undefined; fromBottom: number }>({ firstId: undefined, fromBottom: 0 });
  /** The newest messages were asked for (a send or Jump to latest from deep in history): show the bottom once they are in. */
  const follow = useRef(false);
  const knownPending = useRef(new Set(pending.map((p) => p.clientId)));
  /** The message whose actions a tap opened (touch screens); one at a time. */
  const [selected, setSelected] = useState<number | null>(null);
  // The list is one stop in the Tab order, not one per button of every message: the active
  // message (the newest, or the one last focused) is the stop, arrow keys move between messages,
  // and only the active message's own controls take Tab, and only while focus is in the list.
  const [activeId, setActiveId] = useState<number | null>(null);
  const [focusInside, setFocusInside] = useState(false);

  const firstId = messages[0]?.id;
  const lastId = messages.at(-1)?.id;
  const active = activeId !== null && messages.some((m) => m.id === activeId) ? activeId : lastId;
  const dividerBefore = unreadAfter === null ? undefined : messages.find((m) => m.id > unreadAfter && m.sender?.id !== meId)?.id;

  const rememberPosition = useCallback(() => {
    const el = scroller.current;
    if (el) anchor.current.fromBottom = el.scrollHeight - el.scrollTop;
  }, []);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = !hasNewer && el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_EDGE_PX;
  }, [hasNewer]);

  const scrollToBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setShowJump(false);
  }, []);

  const reportSeen = useCallback(() => {
    if (atBottom.current && lastId !== undefined && document.visibilityState === "visible") onSeen(lastId);
  }, [lastId, onSeen]);

  // First render: open at a focused message, at the first unread one, or at the newest.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || positioned.current || !hydrated) return;
    positioned.current = true;
    const target = focusMessageId ?? dividerBefore;
    const node = target !== undefined ? el.querySelector(`[data-message-id="${target}"]`) : null;
    if (node) node.scrollIntoView({ block: focusMessageId ? "center" : "start" });
    else el.scrollTop = el.scrollHeight;
    measure();
    setShowJump(!atBottom.current);
    anchor.current.firstId = firstId;
    rememberPosition();
  }, [dividerBefore, firstId, focusMessageId, hydrated, measure, rememberPosition]);

  // Older messages were prepended: restore the distance from the bottom the reader had.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !positioned.current) return;
    if (anchor.current.firstId !== undefined && firstId !== anchor.current.firstId) {
      el.scrollTop = el.scrollHeight - anchor.current.fromBottom;
    }
    anchor.current.firstId = firstId;
    rememberPosition();
  }, [firstId, rememberPosition]);

  const jumpToLatest = useCallback(() => {
    follow.current = true;
    onLoadLatest();
  }, [onLoadLatest]);

  // Newer messages arrived: follow only a reader who is at the bottom. The reader's own new send
  // is always shown.
  const pendingIds = pending.map((p) => p.clientId).join(" ");
  useLayoutEffect(() => {
    const ids = pendingIds ? pendingIds.split(" ") : [];
    const sent = ids.some((id) => !knownPending.current.has(id));
    knownPending.current = new Set(ids);
    if (!positioned.current) return;
    if (sent && hasNewer) jumpToLatest();
    else if (sent || atBottom.current || (follow.current && !hasNewer)) {
      follow.current = false;
      scrollToBottom();
    } else setShowJump(true);
    rememberPosition();
  }, [lastId, pendingIds, hasNewer, jumpToLatest, scrollToBottom, rememberPosition]);

  useEffect(() => {
    reportSeen();
    document.addEventListener("visibilitychange", reportSeen);
    return () => document.removeEventListener("visibilitychange", reportSeen);
  }, [reportSeen]);

  useEffect(() => {
    if (highlighted === null) return;
    const timer = setTimeout(() => setHighlighted(null), 2500);
    return () => clearTimeout(timer);
  }, [highlighted]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    measure();
    rememberPosition();
    if (atBottom.current) {
      setShowJump(false);
      reportSeen();
    } else if (!showJump) {
      setShowJump(true);
    }
    if (el.scrollTop < LOAD_MORE_PX && hasOlder && !loading) void onLoadOlder();
    if (hasNewer && !loading && el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_MORE_PX) onLoadNewer();
  };

  /** Shows a quoted message, paging back until it is loaded (replies can quote far back). */
  const showMessage = useCallback(
    async (id: number) => {
      for (let tries = 0; tries < 40; tries++) {
        const node = scroller.current?.querySelector(`[data-message-id="${id}"]`);
        if (node) {
          node.scrollIntoView({ block: "center", behavior: "smooth" });
          setHighlighted(id);
          return;
        }
        if (!(await onLoadOlder())) return;
        await new Promise((r) => requestAnimationFrame(r));
      }
    },
    [onLoadOlder],
  );

  const moveFocus = (e: React.KeyboardEvent) => {
    const step = { ArrowUp: -1, ArrowDown: 1, Home: -Infinity, End: Infinity }[e.key];
    if (step === undefined || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const current = (e.target as Element).closest("li[data-message-id]");
    const items = [...(scroller.current?.querySelectorAll<HTMLElement>("li[data-message-id]") ?? [])];
    const index = current ? items.indexOf(current as HTMLElement) : -1;
    if (index < 0) return;
    e.preventDefault();
    items[Math.max(0, Math.min(items.length - 1, index + step))]?.focus();
  };

  // An action taken closes the actions a tap opened.
  const closing =
    <A extends unknown[]>(act: (...args: A) => void) =>
    (...args: A) => {
      setSelected(null);
      act(...args);
    };
  const bubbleActions: MessageActions = {
    onReply: closing(actions.onReply),
    onEdit: closing(actions.onEdit),
    onDelete: closing(actions.onDelete),
    onReact: closing(actions.onReact),
    onReport: closing(actions.onReport),
    onForward: closing(actions.onForward),
    ...(actions.onPin ? { onPin: closing(actions.onPin), pinned: actions.pinned } : {}),
    moderates: actions.moderates,
    onQuoteClick: (id) => void showMessage(id),
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={scroller} onScroll={onScroll} role="log" aria-label="Messages" className="h-full overflow-y-auto px-4 py-3">
        <p className="flex h-8 items-center justify-center text-xs text-zinc-500">
          {hasOlder ? (loading === "older" ? "Loading earlier messages…" : "") : "This is the start of the conversation."}
        </p>
        <ol
          className="flex flex-col gap-1.5"
          onKeyDown={moveFocus}
          onFocus={(e) => {
            setFocusInside(true);
            const item = (e.target as Element).closest("li[data-message-id]");
            if (item) setActiveId(Number(item.getAttribute("data-message-id")));
          }}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocusInside(false);
          }}
        >
          {messages.map((m, i) => {
            const previous = messages[i - 1];
            const next = messages[i + 1];
            const newDay = hydrated && (!previous || dayKey(previous.createdAt) !== dayKey(m.createdAt));
            const receipt = receipts.find((r) => r.messageId === m.id);
            const mine = m.sender?.id === meId;
            const bubble = (
              <MessageBubble
                message={m}
                me={meUsername}
                mine={mine}
                showSender={!direct && (newDay || !sameRun(previous, m))}
                highlighted={highlighted === m.id}
                receipt={receipt && <ReadReceipt receipt={receipt} direct={direct} names={names} />}
                actions={bubbleActions}
                selected={selected === m.id}
                tabbable={focusInside && m.id === active}
                onSelect={(on) => setSelected(on ? m.id : null)}
                names={names}
              />
            );
            // In a group, others' messages have their sender's picture beside the last of each run
            // (where the run ends: the next message is another's, later, or on another day), and
            // the same room kept empty beside the rest, so a run lines up.
            const withAvatar = !direct && !mine && m.kind === "text";
            const endsRun = !next || !sameRun(m, next) || (hydrated && dayKey(next.createdAt) !== dayKey(m.createdAt));
            const sender = m.sender ? names.byId(m.sender.id) : undefined;
            return (
              <li
                key={m.id}
                data-message-id={m.id}
                tabIndex={m.id === active ? 0 : -1}
                className="scroll-mt-16 rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
              >
                {newDay && <p className="my-3 text-center text-xs font-medium text-zinc-500">{formatDay(m.createdAt)}</p>}
                {m.id === dividerBefore && (
                  <p role="separator" className="my-3 flex items-center gap-2 text-xs font-semibold text-red-600 dark:text-red-400">
                    <span className="h-px flex-1 bg-red-300 dark:bg-red-800" />
                    New messages
                    <span className="h-px flex-1 bg-red-300 dark:bg-red-800" />
                  </p>
                )}
                {withAvatar ? (
                  <div className="flex items-end gap-2">
                    <span className="w-8 shrink-0" data-sender-avatar={endsRun ? (m.sender?.id ?? "deleted") : undefined}>
                      {endsRun && (
                        <Avatar name={m.sender ? names.nameOf(m.sender.username, m.sender.id) : "Deleted user"} avatarId={sender?.avatarId ?? null} size={32} />
                      )}
                    </span>
                    <div className="min-w-0 flex-1">{bubble}</div>
                  </div>
                ) : (
                  bubble
                )}
              </li>
            );
          })}
          {pending.map((p) => (
            <li key={p.clientId} data-pending={p.status}>
              <PendingBubble item={p} onRetry={() => onRetry(p.clientId)} onDiscard={() => onDiscard(p.clientId)} names={names} />
            </li>
          ))}
        </ol>
        {hasNewer && <p className="flex h-8 items-center justify-center text-xs text-zinc-500">{loading === "newer" ? "Loading newer messages…" : ""}</p>}
      </div>
      {showJump && (
        <button
          type="button"
          onClick={() => (hasNewer ? jumpToLatest() : scrollToBottom())}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white shadow-lg"
        >
          Jump to latest
        </button>
      )}
    </div>
  );
}

function sameRun(previous: MessageDTO | undefined, m: MessageDTO): boolean {
  return (
    previous !== undefined &&
    previous.kind === "text" &&
    m.kind === "text" &&
    previous.sender?.id === m.sender?.id &&
    m.createdAt - previous.createdAt < RUN_GAP_MS
  );
}
