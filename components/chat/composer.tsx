"use client";

import { useState } from "react";
import { MAX_MESSAGE_LENGTH } from "@/lib/validations/message";

/** The message box: Enter sends, Shift+Enter adds a line. Checks length before anything is sent. */
export function Composer({ onSend }: { onSend: (body: string) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");

  const submit = () => {
    if (text.trim().length === 0) return;
    if (text.length > MAX_MESSAGE_LENGTH) {
      setError(`Messages can be at most ${MAX_MESSAGE_LENGTH} characters (this one has ${text.length}).`);
      return;
    }
    onSend(text);
    setText("");
    setError("");
  };

  return (
    <form
      className="border-t border-zinc-200 p-3 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex items-end gap-2">
        <label htmlFor="composer" className="sr-only">
          Message
        </label>
        <textarea
          id="composer"
          rows={1}
          value={text}
          placeholder="Write a message"
          aria-describedby="composer-error"
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            if (error && e.target.value.length <= MAX_MESSAGE_LENGTH) setError("");
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          className="max-h-40 min-h-10 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2 outline-none [field-sizing:content] focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          disabled={text.trim().length === 0}
          className="h-10 rounded-xl bg-indigo-600 px-4 font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          Send
        </button>
      </div>
      <p id="composer-error" aria-live="polite" className="mt-1 min-h-4 text-sm text-red-600 dark:text-red-400">
        {error}
      </p>
    </form>
  );
}
