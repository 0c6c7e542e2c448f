import { Fragment } from "react";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi;
// Direction controls and invisible characters: inside a link's text they make it read as something
// else than where it goes ("invoice\u202Egpj.exe" shows as "invoiceexe.jpg").
const HIDDEN = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** The URL as it really is: hidden characters written out as the percent escapes the browser sends. */
export function visibleUrl(url: string): string {
  return url.replace(HIDDEN, (c) => encodeURIComponent(c));
}

/** Plain text with line breaks kept and http(s) URLs as links; React escapes everything else. */
export function LinkifiedText({ text, tabIndex }: { text: string; tabIndex?: number }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    if (start > last) parts.push(<Fragment key={`t${last}`}>{text.slice(last, start)}</Fragment>);
    const url = visibleUrl(match[0]);
    // dir isolates the link: text around it cannot reorder it, nor it the text around it.
    parts.push(
      <a key={`u${start}`} href={url} dir="ltr" tabIndex={tabIndex} target="_blank" rel="noopener noreferrer" className="underline break-all">
        {url}
      </a>,
    );
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return <span className="whitespace-pre-wrap break-words">{parts}</span>;
}
