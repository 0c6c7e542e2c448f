"use client";

import { MATCH_END, MATCH_START } from "@/lib/search-markers";
import { PlainText } from "./lazy-markdown";

/**
 * A search snippet with its matches marked, without the Markdown marks of the message it comes from;
 * the text is rendered as text, never as HTML.
 */
export function HighlightedSnippet({ snippet }: { snippet: string }) {
  return <PlainText body={snippet}>{(text) => <Highlighted text={text} />}</PlainText>;
}

function Highlighted({ text }: { text: string }) {
  const parts = text.split(MATCH_START);
  return (
    <span className="whitespace-pre-wrap break-words">
      {parts.map((part, i) => {
        if (i === 0) return <span key={i}>{part}</span>;
        const [match, rest = ""] = part.split(MATCH_END);
        return (
          <span key={i}>
            <mark className="rounded bg-amber-200 px-0.5 text-inherit dark:bg-amber-500/40">{match}</mark>
            {rest}
          </span>
        );
      })}
    </span>
  );
}
