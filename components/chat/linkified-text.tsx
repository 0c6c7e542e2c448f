import { Fragment } from "react";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi;

/** Plain text with line breaks kept and http(s) URLs as links; React escapes everything else. */
export function LinkifiedText({ text, tabIndex }: { text: string; tabIndex?: number }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    if (start > last) parts.push(<Fragment key={`t${last}`}>{text.slice(last, start)}</Fragment>);
    parts.push(
      <a key={`u${start}`} href={match[0]} tabIndex={tabIndex} target="_blank" rel="noopener noreferrer" className="underline break-all">
        {match[0]}
      </a>,
    );
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return <span className="whitespace-pre-wrap break-words">{parts}</span>;
}
