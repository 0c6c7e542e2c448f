"use client";

import { useRef, useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { MessageDTO } from "@/lib/dto";
import { formatFullTime, formatMessageTime } from "@/lib/client/format";
import { FormattedText } from "./formatted-text";
import { lazyPart } from "@/components/ui/lazy-part";
import { PlainText } from "./lazy-markdown";
import { MentionsProvider, pendingMentions } from "./mention-chip";
import { MessageAttachments } from "./message-attachments";
import type { PendingMessage } from "./send-queue";
import type { MemberNames } from "./use-member-names";

// A message's actions load as the chat comes up, after its messages show; until then (and in the
// server's HTML) there are none to hover.
const toolbar = () => import("./message-toolbar");
const LazyMessageToolbar = lazyPart(
  () => toolbar().then((m) => m.MessageToolbar),
  () => null,
);
const LazyReactionChooser = lazyPart(
  () => toolbar().then((m) => m.ReactionChooser),
  () => null,
);
/** For the chat page to load with it: an empty chat's first message finds its actions ready. */
export const MESSAGE_ACTION_PARTS = [LazyMessageToolbar, LazyReactionChooser];

/** Without the chat's member list, people are named by username. */
const byUsername = (username: string) => username;

type BubbleProps = {
  body: string | null;
  mine: boolean;
  senderName?: string | null;
  /** Beside the sender's name, where it differs. */
  senderUsername?: string;
  time: number;
  edited?: boolean;
  replyTo?: MessageDTO["replyTo"];
  /** "Forwarded from …", named as the person names themselves now. */
  forwardedFrom?: string | null;
  /** How the quoted sender is named. */
  nameOf?: (username: string) => string;
  onQuoteClick?: (id: number) => void;
  highlighted?: boolean;
  /** -1 keeps the bubble's own controls (the quote, links) out of the Tab order. */
  tabIndex?: number;
  attachments?: MessageDTO["attachments"];
  children?: React.ReactNode;
};

function Bubble({
  body,
  mine,
  senderName,
  senderUsername,
  time,
  edited,
  replyTo,
  forwardedFrom,
  nameOf = byUsername,
  onQuoteClick,
  highlighted,
  tabIndex,
  attachments = [],
  children,
}: BubbleProps) {
  const quoted = replyTo?.senderUsername ? nameOf(replyTo.senderUsername) : "Deleted user";
  return (
    <div
      className={`relative max-w-[80%] rounded-2xl px-3 py-2 transition-shadow ${
        mine ? "rounded-br-sm bg-indigo-600 text-white" : "rounded-bl-sm bg-zinc-100 dark:bg-zinc-800"
      } ${highlighted ? "ring-4 ring-amber-400" : ""}`}
    >
      {senderName && (
        <p className="truncate text-xs">
          <bdi className="font-semibold text-indigo-700 dark:text-indigo-300">{senderName}</bdi>
          {senderUsername && senderUsername !== senderName && <span className="ml-1 text-zinc-500">{senderUsername}</span>}
        </p>
      )}
      {forwardedFrom && (
        <p className={`mb-1 truncate text-xs italic ${mine ? "text-indigo-100" : "text-zinc-600 dark:text-zinc-400"}`}>
          ↪ Forwarded from <bdi className="font-semibold not-italic">{forwardedFrom}</bdi>
        </p>
      )}
      {replyTo && (
        <PlainText body={replyTo.body ?? ""}>
          {(text) => (
            <button
              type="button"
              onClick={() => onQuoteClick?.(replyTo.id)}
              tabIndex={tabIndex}
              aria-label={`Reply to ${quoted}: ${replyTo.body === null ? "Message deleted" : text}. Show original`}
              className={`mb-1 block w-full border-l-2 pl-2 text-left text-xs opacity-80 hover:opacity-100 ${mine ? "border-white/70" : "border-indigo-500"}`}
            >
              <span className="line-clamp-2">{`${quoted}: ${replyTo.body === null ? "Message deleted" : text}`}</span>
            </button>
          )}
        </PlainText>
      )}
      {attachments.length > 0 && <MessageAttachments attachments={attachments} mine={mine} tabIndex={tabIndex} />}
      {body === null ? (
        <p className="italic opacity-70">Message deleted</p>
      ) : (
        (body !== "" || attachments.length === 0) && <FormattedText text={body} tabIndex={tabIndex} />
      )}
      <p className={`mt-0.5 text-right text-[11px] ${mine ? "text-indigo-100" : "text-zinc-500"}`}>
        {edited && <span>edited · </span>}
        <MessageTime ms={time} />
      </p>
      {children}
    </div>
  );
}

/** A member of this chat as the live member list names them; anyone else as the message was read. */
function forwardedName(sender: { id: string; username: string; name: string }, names?: MemberNames): string {
  return names?.byId(sender.id) ? names.nameOf(sender.username, sender.id) : sender.name;
}

/** Read by screen readers always; shown, floating, while the keyboard is on the message. */
const FULL_TIME =
  "sr-only message-keyboard-focus:not-sr-only message-keyboard-focus:absolute message-keyboard-focus:top-full message-keyboard-focus:right-0 message-keyboard-focus:z-10 message-keyboard-focus:mt-1 message-keyboard-focus:rounded message-keyboard-focus:bg-zinc-900 message-keyboard-focus:px-2 message-keyboard-focus:py-1 message-keyboard-focus:whitespace-nowrap message-keyboard-focus:text-white";

/**
 * The time a message was sent, in the viewer's zone and locale (empty in the server's HTML, which
 * knows neither). Hovering shows the full date and time as a tooltip; so does keyboard focus on the
 * message or anything in it (its actions, its quote); screen readers read it in full. The focused
 * form floats over the next message: had it pushed the layout, a button pressed would move between
 * press and release, and the click would miss it.
 */
function MessageTime({ ms }: { ms: number }) {
  const hydrated = useHydrated();
  if (!hydrated) return <time dateTime={new Date(ms).toISOString()} />;
  const full = formatFullTime(ms);
  return (
    <time dateTime={new Date(ms).toISOString()} title={full}>
      <span aria-hidden="true">{formatMessageTime(ms)}</span>
      <span className={FULL_TIME}>{full}</span>
    </time>
  );
}

/** How long a finger rests on a message before its actions open, as a long press on Android does. */
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP_PX = 10;

export type MessageActions = {
  onReply: (message: MessageDTO) => void;
  onEdit: (message: MessageDTO) => void;
  onDelete: (message: MessageDTO) => void;
  onReact: (message: MessageDTO, emoji: string) => void;
  /** Someone else's message, to the server's admins. */
  onReport: (message: MessageDTO) => void;
  /** Copies it into chats the viewer picks (forward-dialog.tsx). */
  onForward: (message: MessageDTO) => void;
  onQuoteClick: (id: number) => void;
  /** Pin or unpin (only where the viewer may: pinned-bar.tsx pinActions). */
  onPin?: (message: MessageDTO) => void;
  pinned?: (messageId: number) => boolean;
  /** Delete shows on everyone's messages too: the viewer moderates this room (chat-view canModerate). */
  moderates?: boolean;
};

type MessageBubbleProps = {
  message: MessageDTO;
  me: string;
  mine: boolean;
  showSender: boolean;
  highlighted: boolean;
  receipt?: React.ReactNode;
  actions: MessageActions;
  /** Its actions are open: tapped or long-pressed on a touch screen (MessageList holds which). */
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** Its controls take Tab: it is the message list's active one and focus is in the list. */
  tabbable: boolean;
  /** The chat's members, to name the sender, the quoted and who reacted as they name themselves. */
  names?: MemberNames;
};

export function MessageBubble({ message, me, mine, showSender, highlighted, receipt, actions, selected, onSelect, tabbable, names }: MessageBubbleProps) {
  const [picking, setPicking] = useState(false);
  const tabIndex = tabbable ? undefined : -1;
  const touch = useTouchSelect(selected, onSelect);
  if (message.kind === "system") {
    return <p className="py-1 text-center text-xs text-zinc-500">{message.body}</p>;
  }
  const live = message.deletedAt === null;
  const nameOf = names?.nameOf ?? byUsername;
  const sender = message.sender;
  return (
    <div
      className={`group flex flex-col ${mine ? "items-end" : "items-start"}`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          setPicking(false);
          onSelect(false);
        }
      }}
      {...(live ? touch : {})}
    >
      <div className={`flex flex-wrap items-center gap-1 ${mine ? "flex-row-reverse" : ""}`}>
        <MentionsProvider mentions={message.mentions} names={names} meId={me}>
          <Bubble
            body={message.body}
            mine={mine}
            senderName={showSender && !mine ? (sender ? nameOf(sender.username, sender.id) : "Deleted user") : null}
            senderUsername={sender?.username}
            time={message.createdAt}
            edited={message.editedAt !== null && live}
            replyTo={message.replyTo}
            forwardedFrom={message.forwardedFrom && (message.forwardedFrom.sender ? forwardedName(message.forwardedFrom.sender, names) : "Deleted user")}
            nameOf={nameOf}
            onQuoteClick={actions.onQuoteClick}
            highlighted={highlighted}
            tabIndex={tabIndex}
            attachments={message.attachments}
          />
        </MentionsProvider>
        {live && (
          <LazyMessageToolbar
            message={message}
            mine={mine}
            actions={actions}
            selected={selected}
            tabIndex={tabIndex}
            picking={picking}
            onPicking={setPicking}
          />
        )}
      </div>
      {picking && live && <LazyReactionChooser message={message} actions={actions} tabIndex={tabIndex} onDone={() => setPicking(false)} />}
      {message.reactions.length > 0 && (
        <ul aria-label="Reactions" className="mt-1 flex flex-wrap gap-1">
          {message.reactions.map((r) => {
            const reacted = r.users.includes(me);
            const who = r.users.map((u) => nameOf(u)).join(", ");
            return (
              <li key={r.emoji}>
                <button
                  type="button"
                  tabIndex={tabIndex}
                  aria-pressed={reacted}
                  title={who}
                  aria-label={`${r.emoji} ${r.users.length}: ${who}`}
                  onClick={() => actions.onReact(message, r.emoji)}
                  className={`rounded-full border px-2 text-sm ${
                    reacted ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950" : "border-zinc-200 dark:border-zinc-700"
                  }`}
                >
                  {r.emoji} {r.users.length}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {receipt}
    </div>
  );
}

export function PendingBubble({ item, onRetry, onDiscard, names }: { item: PendingMessage; onRetry: () => void; onDiscard: () => void; names?: MemberNames }) {
  return (
    <div className="flex flex-col items-end">
      <MentionsProvider mentions={pendingMentions(item.body, names)} names={names}>
        <Bubble body={item.body} mine time={item.createdAt} replyTo={item.replyTo} nameOf={names?.nameOf} attachments={item.attachments} />
      </MentionsProvider>
      {item.status === "sending" ? (
        <p className="mt-0.5 text-xs text-zinc-500">Sending…</p>
      ) : item.status === "waiting" ? (
        <p className="mt-0.5 text-xs text-amber-700 dark:text-amber-400">Not sent yet{item.error ? `: ${item.error}` : ""} Trying again…</p>
      ) : (
        <p className="mt-0.5 flex items-center gap-2 text-xs text-red-600 dark:text-red-400">
          <span>Failed{item.error ? `: ${item.error}` : ""}</span>
          {item.retryable && (
            <button type="button" onClick={onRetry} className="font-semibold underline">
              Retry
            </button>
          )}
          <button type="button" onClick={onDiscard} className="underline">
            Discard
          </button>
        </p>
      )}
    </div>
  );
}

/**
 * Touch screens cannot hover, so a tap on a message (not on a link or a button in it) opens its
 * actions, and so does a long press; a mouse keeps hover. Which message is open is MessageList's.
 */
function useTouchSelect(selected: boolean, onSelect: (selected: boolean) => void) {
  const pointer = useRef<string>("mouse");
  const press = useRef<{ timer: ReturnType<typeof setTimeout>; x: number; y: number } | null>(null);
  const longPressed = useRef(false);
  const endPress = () => {
    if (press.current) clearTimeout(press.current.timer);
    press.current = null;
  };
  const onControl = (target: EventTarget) => target instanceof Element && target.closest("a, button, input, textarea") !== null;
  return {
    onPointerDown: (e: React.PointerEvent) => {
      pointer.current = e.pointerType;
      endPress();
      if (e.pointerType === "mouse" || onControl(e.target)) return;
      longPressed.current = false;
      const timer = setTimeout(() => {
        longPressed.current = true;
        onSelect(true);
      }, LONG_PRESS_MS);
      press.current = { timer, x: e.clientX, y: e.clientY };
    },
    onPointerMove: (e: React.PointerEvent) => {
      // A finger that moves is scrolling, not pressing.
      const p = press.current;
      if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) > LONG_PRESS_SLOP_PX) endPress();
    },
    onPointerUp: endPress,
    onPointerCancel: endPress,
    onClick: (e: React.MouseEvent) => {
      if (pointer.current === "mouse" || onControl(e.target)) return;
      // The tap that ends a long press has opened the actions already.
      if (longPressed.current) {
        longPressed.current = false;
        return;
      }
      onSelect(!selected);
    },
    onContextMenu: (e: React.MouseEvent) => {
      // Android's own long press: the actions, not the browser's menu.
      if (pointer.current === "mouse") return;
      e.preventDefault();
      onSelect(true);
    },
  };
}
