"use client";

import { useEffect, useRef, useState } from "react";
import { forwardMessageAction } from "@/app/(app)/chat-actions";
import { Button } from "@/components/ui/button";
import type { ConversationSummary, MessageDTO } from "@/lib/dto";
import { mentionText } from "@/lib/mentions";
import { MAX_FORWARD_TARGETS } from "@/lib/message-rules";
import { useConversationList } from "./conversation-list-provider";
import { useChatSearch } from "./conversation-list";
import { PlainText } from "./lazy-markdown";

type ForwardDialogProps = {
  /** The message to forward: the dialog opens as it mounts, and is unmounted once closed. */
  message: MessageDTO;
  onClose: () => void;
  /** Told once the copies are stored, with how many chats they went to. */
  onForwarded: (count: number) => void;
};

/**
 * Forward a message: the person's chats (the ones the list holds, or a name search over all of
 * them), several at once, then one request. The browser makes one clientId per forward and keeps it
 * for a retry of the same forward, so an answer lost on the way stores nothing twice.
 */
export function ForwardDialog({ message, onClose, onForwarded }: ForwardDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { conversations } = useConversationList();
  const [query, setQuery] = useState("");
  const search = useChatSearch(query.trim());
  const [chosen, setChosen] = useState<ReadonlyMap<string, string>>(new Map());
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const [sending, setSending] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);

  const shown: ConversationSummary[] = search ? (search.results ?? []) : conversations;
  const toggle = (c: ConversationSummary) => {
    setChosen((held) => {
      const next = new Map(held);
      if (next.has(c.id)) next.delete(c.id);
      else next.set(c.id, c.title);
      return next;
    });
    // Another set of chats is another forward.
    setClientId(crypto.randomUUID());
  };
  const submit = async () => {
    if (chosen.size === 0 || sending) return;
    setSending(true);
    try {
      const result = await forwardMessageAction(message.id, clientId, [...chosen.keys()]);
      if (result.ok) {
        dialog.current?.close();
        onForwarded(result.messages.length);
      } else {
        setError(result.message);
      }
    } catch {
      setError("Could not reach the server. Try again.");
    } finally {
      setSending(false);
    }
  };
  const full = chosen.size >= MAX_FORWARD_TARGETS;

  return (
    <dialog
      ref={dialog}
      aria-labelledby="forward-title"
      onClose={onClose}
      className="mx-auto mt-[10vh] w-[min(28rem,92vw)] rounded-xl bg-white p-0 shadow-xl backdrop:bg-black/40 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        className="flex max-h-[80vh] flex-col"
      >
        <header className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 id="forward-title" className="font-semibold">
            Forward message
          </h2>
          {message.body && (
            <p className="truncate text-sm text-zinc-500">
              <PlainText body={mentionText(message.body, message.mentions)}>{(text) => text.replace(/\s+/g, " ")}</PlainText>
            </p>
          )}
        </header>
        <input
          type="search"
          aria-label="Search chats"
          placeholder="Search chats"
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="border-b border-zinc-200 bg-transparent px-4 py-2 outline-none dark:border-zinc-800"
        />
        <fieldset className="min-h-0 flex-1 overflow-y-auto py-1">
          <legend className="sr-only">Chats to forward to</legend>
          {search?.error && <p className="px-4 py-2 text-sm text-red-600 dark:text-red-400">{search.error}</p>}
          {search && search.results === null && !search.error && <p className="px-4 py-2 text-sm text-zinc-500">Searching…</p>}
          {shown.length === 0 && (!search || search.results !== null) && <p className="px-4 py-2 text-sm text-zinc-500">No chat matches.</p>}
          {shown.map((c) => (
            <label key={c.id} className="flex cursor-pointer items-center gap-3 px-4 py-2 hover:bg-zinc-50 dark:hover:bg-zinc-800">
              <input type="checkbox" checked={chosen.has(c.id)} disabled={full && !chosen.has(c.id)} onChange={() => toggle(c)} className="size-4" />
              <bdi className="truncate">{c.title}</bdi>
            </label>
          ))}
        </fieldset>
        <p aria-live="polite" className="px-4 text-sm text-zinc-500">
          {chosen.size > 0 && `${chosen.size} chosen${full ? ` (at most ${MAX_FORWARD_TARGETS})` : ""}: ${[...chosen.values()].join(", ")}`}
        </p>
        {error && (
          <p role="alert" className="px-4 text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <footer className="flex justify-end gap-2 px-4 py-3">
          <button type="button" onClick={() => dialog.current?.close()} className="rounded px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
            Cancel
          </button>
          <Button size="sm" disabled={chosen.size === 0 || sending}>
            {sending ? "Forwarding…" : "Forward"}
          </Button>
        </footer>
      </form>
    </dialog>
  );
}
