"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ConversationSummary } from "@/lib/dto";
import { useConversationList } from "./conversation-list-provider";

const SHOWN = 10;

/** Case and accents aside: "zoe" finds "Zoë". */
const fold = (text: string) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

function matching(conversations: ConversationSummary[], query: string): ConversationSummary[] {
  const q = fold(query.trim());
  return conversations.filter((c) => fold(`${c.title} ${c.peer?.username ?? ""}`).includes(q)).slice(0, SHOWN);
}

/** The switcher itself (ChatSwitcher in chat-switcher.tsx opens it): a new one opens on each Ctrl+K. */
export function ChatSwitcherDialog() {
  const { conversations } = useConversationList();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState("");
  const [index, setIndex] = useState(0);

  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);

  const shown = matching(conversations, query);
  const chosen = shown[Math.min(index, shown.length - 1)];
  const open = (c: ConversationSummary) => {
    dialog.current?.close();
    router.push(`/c/${c.id}`);
  };

  return (
    <dialog
      ref={dialog}
      aria-label="Switch to a chat"
      className="mx-auto mt-[15vh] w-[min(28rem,90vw)] rounded-xl bg-white p-0 shadow-xl backdrop:bg-black/40 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <input
        role="combobox"
        aria-label="Chat name"
        aria-expanded="true"
        aria-controls="chat-switcher-options"
        aria-activedescendant={chosen ? `chat-switcher-${chosen.id}` : undefined}
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            const step = e.key === "ArrowDown" ? 1 : -1;
            setIndex((i) => (shown.length === 0 ? 0 : (Math.min(i, shown.length - 1) + step + shown.length) % shown.length));
          } else if (e.key === "Enter" && chosen) {
            e.preventDefault();
            open(chosen);
          }
        }}
        placeholder="Switch to…"
        className="w-full rounded-t-xl border-b border-zinc-200 bg-transparent px-4 py-3 outline-none dark:border-zinc-800"
      />
      <ul id="chat-switcher-options" role="listbox" aria-label="Chats" className="max-h-80 overflow-y-auto py-1">
        {shown.length === 0 && <li className="px-4 py-2 text-sm text-zinc-500">No chat matches.</li>}
        {shown.map((c) => (
          <li
            key={c.id}
            id={`chat-switcher-${c.id}`}
            role="option"
            aria-selected={c === chosen}
            onClick={() => open(c)}
            className="cursor-pointer truncate px-4 py-2 aria-selected:bg-indigo-50 dark:aria-selected:bg-indigo-950"
          >
            {c.title}
          </li>
        ))}
      </ul>
    </dialog>
  );
}
