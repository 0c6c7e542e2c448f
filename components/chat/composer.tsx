"use client";

import { useEffect, useRef, useState } from "react";
import type { MessageDTO, UserSummary } from "@/lib/dto";
import { mentionText, tokensToUsernames } from "@/lib/mentions";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/message-rules";
import { lazyPart } from "@/components/ui/lazy-part";
import { AttachmentTray, type useAttachmentTray } from "./attachment-tray";
import { EmojiButton, insertAtCursor } from "./composer-emoji";
import { COMPOSER_BOX, COMPOSER_ERROR, COMPOSER_FORM, COMPOSER_ICON, COMPOSER_SEND } from "./lazy-composer";
import { readDraft, writeDraft } from "./drafts";
import type { MentionKeys } from "./mention-autocomplete";

// The member list for @mentions loads with the first `@` typed: no chat page pays for it before.
// Until it is in, the box works as without it.
const MentionAutocomplete = lazyPart(
  () => import("./mention-autocomplete").then((m) => m.MentionAutocomplete),
  () => null,
);
let mentionInput: typeof import("@/lib/client/mention-input") | null = null;
const loadMentionInput = () => import("@/lib/client/mention-input").then((m) => (mentionInput = m));

type ComposerProps = {
  onSubmit: (body: string) => void;
  /** Set while editing one of my messages: the box holds its text and Enter saves. */
  editing?: MessageDTO | null;
  replyingTo?: MessageDTO | null;
  /** How the replied-to sender is named (the chat's member list). */
  replyingToName?: string;
  onCancel: () => void;
  onTyping?: () => void;
  /** Where a new message's text is kept while it is being written (drafts.ts); not for an edit. */
  draft?: { userId: string; conversationId: string };
  /** ↑ in the empty box: edit my last message. */
  onEditLast?: () => void;
  /** The files of the new message (not while editing): the paperclip and paste add to it. */
  tray?: ReturnType<typeof useAttachmentTray>;
  /** The chat's members, who `@` offers to mention (groups and rooms; not given in a direct chat). */
  members?: UserSummary[];
  meId?: string;
};

/**
 * The message box: Enter sends, Shift+Enter adds a line, Esc cancels a reply or an edit, ↑ in the
 * empty box edits my last message. It takes the focus as it opens, except on a touch screen, where
 * that would open the keyboard over the chat. Only the browser renders it (lazy-composer.tsx), so
 * it starts from the chat's draft.
 */
export function Composer({ onSubmit, editing, replyingTo, replyingToName, onCancel, onTyping, draft, onEditLast, tray, members, meId }: ComposerProps) {
  const draftUser = draft?.userId;
  const draftChat = draft?.conversationId;
  // The box holds mentions as `@username`; the message stores them as tokens (lib/mentions.ts).
  const [text, setText] = useState(() =>
    editing?.body != null ? tokensToUsernames(editing.body, members ?? []) : draftUser && draftChat ? readDraft(draftUser, draftChat) : "",
  );
  const [caret, setCaret] = useState(0);
  const mentionKeys = useRef<MentionKeys | null>(null);
  const converting = useRef(false);
  const mentioning = members !== undefined && members.length > 0 && text.includes("@");
  useEffect(() => {
    if (mentioning) void loadMentionInput();
  }, [mentioning]);
  const [error, setError] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const hasFiles = (tray?.items.length ?? 0) > 0;
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    // The box can come in after the chat shows (lazy-composer.tsx): not from a message the keyboard is on by then.
    const onMessage = document.activeElement?.closest('[role="log"]');
    if (editing || replyingTo || (!window.matchMedia("(pointer: coarse)").matches && !onMessage)) box.current?.focus();
  }, [editing, replyingTo]);

  const change = (value: string) => {
    setText(value);
    if (draftUser && draftChat) writeDraft(draftUser, draftChat, value);
  };

  const submit = () => {
    if (text.trim().length === 0 && !hasFiles) return;
    if (tray?.busy) return setError("Wait for the files to finish uploading.");
    if (tray?.failed) return setError("Retry or remove the files that failed to upload.");
    const length = characterCount(text);
    if (length > MAX_MESSAGE_LENGTH) {
      setError(`Messages can be at most ${MAX_MESSAGE_LENGTH} characters (this one has ${length}).`);
      return;
    }
    const send = (body: string) => {
      onSubmit(body);
      change("");
      setError("");
    };
    if (!mentioning) return send(text);
    if (mentionInput) return send(mentionInput.usernamesToTokens(text, members));
    // Typed and sent before the mention code came in (it loads with the first @): once it is in.
    // Nothing else is sent meanwhile, so messages keep their order.
    if (converting.current) return;
    converting.current = true;
    void loadMentionInput()
      .then(
        (m) => send(m.usernamesToTokens(text, members)),
        () => setError("Could not send this message. Try again."),
      )
      .finally(() => {
        converting.current = false;
      });
  };

  const context = editing ? "Editing message" : replyingTo ? `Replying to ${replyingToName ?? replyingTo.sender?.username ?? "Deleted user"}` : null;

  return (
    <form
      className={COMPOSER_FORM}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {context && (
        <div className="mb-2 flex items-center gap-2 rounded-lg bg-zinc-100 px-3 py-1.5 text-sm dark:bg-zinc-900">
          <span className="min-w-0 flex-1 truncate">
            <span className="font-semibold">{context}</span>
            {replyingTo && !editing && <span className="text-zinc-500">: {mentionText(replyingTo.body ?? "", replyingTo.mentions)}</span>}
          </span>
          <button type="button" onClick={onCancel} className="text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
            Cancel
          </button>
        </div>
      )}
      {tray && <AttachmentTray tray={tray} />}
      {mentioning && (
        <MentionAutocomplete
          text={text}
          caret={caret}
          members={members}
          meId={meId}
          keysRef={mentionKeys}
          onPick={(next) => {
            change(next.text);
            setCaret(next.caret);
            // React writes the new value first; the caret goes after the mention once it has.
            requestAnimationFrame(() => box.current?.setSelectionRange(next.caret, next.caret));
          }}
        />
      )}
      <div className="flex items-end gap-2">
        <label htmlFor="composer" className="sr-only">
          Message
        </label>
        <textarea
          ref={box}
          id="composer"
          rows={1}
          value={text}
          placeholder="Write a message"
          aria-describedby="composer-error"
          aria-invalid={error ? true : undefined}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onChange={(e) => {
            change(e.target.value);
            setCaret(e.target.selectionStart);
            if (error && characterCount(e.target.value) <= MAX_MESSAGE_LENGTH) setError("");
            if (e.target.value) onTyping?.();
          }}
          onPaste={(e) => {
            const files = Array.from(e.clipboardData.files);
            if (tray && files.length > 0) {
              // A pasted screenshot or copied file is an attachment; pasted text stays text.
              e.preventDefault();
              tray.add(files);
            }
          }}
          onKeyDown={(e) => {
            if (mentionKeys.current?.(e)) return;
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            } else if (e.key === "Escape" && context) {
              e.preventDefault();
              // An edit's text is no draft; a reply's is, and stays.
              if (editing) setText("");
              onCancel();
            } else if (e.key === "ArrowUp" && text === "" && !editing && onEditLast && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              onEditLast();
            }
          }}
          className={COMPOSER_BOX}
        />
        {tray && (
          <>
            <button type="button" onClick={() => picker.current?.click()} aria-label="Attach files" title="Attach files" className={COMPOSER_ICON}>
              📎
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              data-testid="attach-input"
              onChange={(e) => {
                tray.add(Array.from(e.target.files ?? []));
                e.target.value = "";
              }}
            />
          </>
        )}
        <EmojiButton
          open={picking}
          onToggle={() => setPicking((p) => !p)}
          onPick={(emoji) => {
            change(insertAtCursor(box.current, text, emoji));
            setPicking(false);
            box.current?.focus();
          }}
        />
        <button type="submit" disabled={(text.trim().length === 0 && !hasFiles) || tray?.busy} className={COMPOSER_SEND}>
          {editing ? "Save" : tray?.busy ? "Uploading…" : "Send"}
        </button>
      </div>
      <p id="composer-error" aria-live="polite" className={COMPOSER_ERROR}>
        {error}
      </p>
    </form>
  );
}
