"use client";

import { useState } from "react";
import type { MessageDTO } from "@/lib/dto";
import { REACTIONS } from "@/lib/message-rules";
import { LazyEmojiPicker } from "./lazy-emoji-picker";
import type { MessageActions } from "./message-bubble";

type ToolbarProps = {
  message: MessageDTO;
  mine: boolean;
  actions: MessageActions;
  /** Its actions are open (a tap or a long press on a touch screen). */
  selected: boolean;
  tabIndex?: number;
  /** The reaction chooser is open. */
  picking: boolean;
  onPicking: (picking: boolean) => void;
};

/** A message's actions, shown on hover, keyboard focus or a tap (message-bubble.tsx). */
export function MessageToolbar({ message, mine, actions, selected, tabIndex, picking, onPicking }: ToolbarProps) {
  return (
    <div
      role="toolbar"
      aria-label="Message actions"
      className={`flex transition-opacity group-hover:opacity-100 focus-within:opacity-100 message-keyboard-focus:opacity-100 ${
        // Hidden actions take no taps on a touch screen: a tap on the space they fill selects the message.
        selected ? "opacity-100" : "opacity-0 [@media(hover:none)]:pointer-events-none"
      }`}
    >
      <ToolButton tabIndex={tabIndex} expanded={picking} onClick={() => onPicking(!picking)}>
        React
      </ToolButton>
      {messageTools(message, mine, actions).map(
        ([label, run], i) =>
          run && (
            <ToolButton key={i} tabIndex={tabIndex} onClick={() => run(message)}>
              {label}
            </ToolButton>
          ),
      )}
    </div>
  );
}

/** The quick reactions under a message, and any emoji on request. */
export function ReactionChooser({
  message,
  actions,
  tabIndex,
  onDone,
}: {
  message: MessageDTO;
  actions: MessageActions;
  tabIndex?: number;
  onDone: () => void;
}) {
  const [pickingAny, setPickingAny] = useState(false);
  const react = (emoji: string) => {
    actions.onReact(message, emoji);
    onDone();
  };
  return (
    <>
      <div role="group" aria-label="Choose a reaction" className="mt-1 flex gap-1 rounded-full bg-white p-1 shadow dark:bg-zinc-800">
        {REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            tabIndex={tabIndex}
            aria-label={`React with ${emoji}`}
            className="rounded-full px-1.5 text-lg hover:bg-zinc-100 dark:hover:bg-zinc-700"
            onClick={() => react(emoji)}
          >
            {emoji}
          </button>
        ))}
        <button
          type="button"
          tabIndex={tabIndex}
          aria-label="More reactions"
          aria-expanded={pickingAny}
          className="rounded-full px-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-700"
          onClick={() => setPickingAny((p) => !p)}
        >
          ＋
        </button>
      </div>
      {pickingAny && <LazyEmojiPicker label="React with any emoji" onClose={() => setPickingAny(false)} onPick={react} />}
    </>
  );
}

/**
 * The toolbar's actions on a message after React, in order; a false one is not shown. The list
 * keeps its length, so a button keeps its place (and focus) when another appears.
 */
function messageTools(
  message: MessageDTO,
  mine: boolean,
  actions: MessageActions,
): [label: string, run: ((message: MessageDTO) => void) | false | undefined][] {
  return [
    ["Reply", actions.onReply],
    ["Forward", actions.onForward],
    [actions.pinned?.(message.id) ? "Unpin" : "Pin", actions.onPin],
    ["Edit", mine && actions.onEdit],
    ["Delete", mine && actions.onDelete],
    ["Report", !mine && actions.onReport],
    // A moderator deletes others' messages too.
    ["Delete", !mine && actions.moderates && actions.onDelete],
  ];
}

/** One of a message's actions in its toolbar: it takes Tab only when the message does. */
function ToolButton({ tabIndex, expanded, onClick, children }: { tabIndex?: number; expanded?: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      tabIndex={tabIndex}
      className="rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-700"
      aria-expanded={expanded}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
