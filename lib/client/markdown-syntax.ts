/**
 * Whether a message body could read differently as Markdown (lib/markdown.ts) than as its own text.
 * False only when the formatter would return the body as one paragraph of exactly that text, which
 * is what most messages are: the browser then shows them without loading the formatter at all.
 * It may say true for text that stays plain (a lone "*", a line starting with "-"); it must never
 * say false for text that would format (lib/client/markdown-syntax.test.ts checks it against the formatter).
 */
export function mayHaveMarkdown(body: string): boolean {
  // The formatter shows a text with carriage returns exactly as sent.
  if (body.includes("\r")) return false;
  return body === "" || MARKS.test(body);
}

// A mark or escape anywhere; a line that starts with a quote, a list item ("-", "+", "1.", "1)") or
// white space; a blank line (a new paragraph); white space at the end of a line or of the text; a
// tab or a NUL.
const MARKS = /[*~`\\\t\0]|(?:^|\n)(?:[\s>+-]|\d+[.)])|\s$|\s\n/;
