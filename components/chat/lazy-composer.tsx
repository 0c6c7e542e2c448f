"use client";

import { lazyPart } from "@/components/ui/lazy-part";

/** The look of the message box, shared by the box and its stand-in (composer.tsx). */
export const COMPOSER_FORM = "relative border-t border-zinc-200 p-3 dark:border-zinc-800";
export const COMPOSER_BOX =
  "max-h-40 min-h-10 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2 outline-none [field-sizing:content] focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900";
export const COMPOSER_ICON = "h-10 rounded-xl px-2 text-xl text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";
export const COMPOSER_EMOJI = "h-10 rounded-xl px-2 text-xl hover:bg-zinc-100 dark:hover:bg-zinc-800";
export const COMPOSER_SEND = "h-10 rounded-xl bg-indigo-600 px-4 font-medium text-white hover:bg-indigo-500 disabled:opacity-50";
export const COMPOSER_ERROR = "mt-1 min-h-4 text-sm text-red-600 dark:text-red-400";

/**
 * The message box loads as the chat page comes up, not before it: reading the chat waits for no
 * more than the messages. Until it is in (and in the server's HTML) a stand-in of the same size
 * shows, which takes no typing: text typed into it would be lost as the box replaces it.
 */
export const LazyComposer = lazyPart(
  () => import("./composer").then((m) => m.Composer),
  function ComposerStandIn({ failed }) {
    return (
      <div className={COMPOSER_FORM}>
        <div className="flex items-end gap-2">
          <label htmlFor="composer" className="sr-only">
            Message
          </label>
          <textarea id="composer" rows={1} readOnly placeholder="Write a message" aria-describedby="composer-error" className={COMPOSER_BOX} />
          <span aria-hidden="true" className={`${COMPOSER_ICON} flex items-center`}>
            📎
          </span>
          <span aria-hidden="true" className={`${COMPOSER_EMOJI} flex items-center`}>
            🙂
          </span>
          <button type="button" disabled className={COMPOSER_SEND}>
            Send
          </button>
        </div>
        <p id="composer-error" role={failed ? "alert" : undefined} className={COMPOSER_ERROR}>
          {failed ? "The message box could not load. Check the connection and reload the page." : ""}
        </p>
      </div>
    );
  },
);
