import { Lexer, Tokenizer, type Token, type Tokens } from "marked";

/**
 * The small Markdown of messages: **bold**, *italic* (asterisks only), ~~strikethrough~~, `inline code`, fenced code
 * blocks, > quotes and lists. marked's lexer reads it into tokens and this module turns them into a
 * tree of its own, which components/chat/formatted-text.tsx renders as React elements (never as an
 * HTML string) and `toPlainText` flattens for previews, notifications and quotes.
 *
 * Everything else Markdown has is switched off and stays text as written: headings, rules, tables,
 * indented code, raw HTML, images and links, whose text could hide where they go (bare URLs are
 * made links by the renderer, showing the URL itself, as plain messages always were).
 */
export type Inline = { type: "text"; text: string } | { type: "strong" | "em" | "del"; children: Inline[] } | { type: "code"; text: string };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "code"; lang: string; text: string }
  | { type: "quote"; children: Block[] }
  | { type: "list"; ordered: boolean; start: number; items: Block[][] };

/** Quotes and lists nested deeper than this show the rest as written: enough for people, bounded for renderers. */
export const MAX_DEPTH = 5;

class MessageTokenizer extends Tokenizer {
  // marked reads a quote's or a list's content inside the call that finds it: counting here keeps
  // "> > > …" four thousand deep from exhausting the stack (it does, in marked alone).
  private depth = 0;
  private nested<T>(read: () => T): T | undefined {
    if (this.depth >= MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }
  blockquote(src: string) {
    return this.nested(() => super.blockquote(src));
  }
  list(src: string) {
    return this.nested(() => super.list(src));
  }
  // Only asterisks make bold and italic: underscores are everywhere in code and names people paste
  // (`__init__`, `{"__proto__": …}`, snake_case) and should stay as written.
  emStrong(src: string, maskedSrc: string, prevChar?: string) {
    return src.startsWith("_") ? undefined : super.emStrong(src, maskedSrc, prevChar);
  }
  heading() {
    return undefined;
  }
  lheading() {
    return undefined;
  }
  hr() {
    return undefined;
  }
  code() {
    return undefined;
  }
  table() {
    return undefined;
  }
  def() {
    return undefined;
  }
  html() {
    return undefined;
  }
  tag() {
    return undefined;
  }
  link() {
    return undefined;
  }
  reflink() {
    return undefined;
  }
  autolink() {
    return undefined;
  }
  url() {
    return undefined;
  }
}

function lex(body: string): Token[] {
  return new Lexer({ gfm: true, breaks: false, tokenizer: new MessageTokenizer() }).lex(body);
}

/** The message's blocks. Text that cannot be read as Markdown (none should) stays one paragraph of text. */
export function parseMessage(body: string): Block[] {
  // marked reads "\r\n" and a lone "\r" as "\n": a text with carriage returns (no one types them;
  // a pasted or scripted one may) is shown exactly as sent, unformatted, rather than changed.
  if (body.includes("\r")) return [{ type: "paragraph", children: [{ type: "text", text: body }] }];
  try {
    return blocks(lex(body));
  } catch {
    return [{ type: "paragraph", children: [{ type: "text", text: body }] }];
  }
}

function blocks(tokens: Token[]): Block[] {
  const out: Block[] = [];
  for (const token of tokens) {
    const block = toBlock(token);
    if (!block) continue;
    // Lines the lexer split (a text block after a paragraph) read as one paragraph, as typed.
    const previous = out.at(-1);
    if (block.type === "paragraph" && previous?.type === "paragraph" && token.type === "text") {
      previous.children.push({ type: "text", text: "\n" }, ...block.children);
    } else {
      out.push(block);
    }
  }
  return out;
}

function asWritten(token: Token): Block {
  return { type: "paragraph", children: [{ type: "text", text: token.raw.replace(/\n+$/, "") }] };
}

function toBlock(token: Token): Block | null {
  switch (token.type) {
    case "space":
      return null;
    case "paragraph":
    case "text": {
      const t = token as Tokens.Paragraph | Tokens.Text;
      return { type: "paragraph", children: t.tokens ? inlines(t.tokens) : [{ type: "text", text: t.text }] };
    }
    case "code": {
      const t = token as Tokens.Code;
      return { type: "code", lang: t.lang ?? "", text: t.text };
    }
    case "blockquote":
      return { type: "quote", children: blocks((token as Tokens.Blockquote).tokens) };
    case "list": {
      const t = token as Tokens.List;
      return {
        type: "list",
        ordered: t.ordered,
        start: typeof t.start === "number" ? t.start : 1,
        items: t.items.map((item) => taskAsWritten(item, blocks(item.tokens.filter((i) => i.type !== "checkbox")))),
      };
    }
    default:
      return asWritten(token);
  }
}

/** Task boxes are not part of the subset: "[ ]" and "[x]" stay as typed. */
function taskAsWritten(item: Tokens.ListItem, content: Block[]): Block[] {
  if (!item.task) return content;
  const box: Inline = { type: "text", text: item.checked ? "[x] " : "[ ] " };
  const [first, ...rest] = content;
  if (first?.type === "paragraph") return [{ type: "paragraph", children: [box, ...first.children] }, ...rest];
  return [{ type: "paragraph", children: [box] }, ...content];
}

const ESCAPABLE = new Set(["*", "_", "~", "`"]);

function inlines(tokens: Token[]): Inline[] {
  const out: Inline[] = [];
  const pushText = (text: string) => {
    const previous = out.at(-1);
    if (previous?.type === "text") previous.text += text;
    else out.push({ type: "text", text });
  };
  for (const token of tokens) {
    switch (token.type) {
      case "strong":
      case "em":
      case "del":
        out.push({ type: token.type, children: inlines((token as Tokens.Strong).tokens) });
        break;
      case "codespan":
        out.push({ type: "code", text: (token as Tokens.Codespan).text });
        break;
      case "br":
        // Trailing spaces (Markdown's hard break) are kept as typed, with the line break.
        pushText(token.raw);
        break;
      case "escape": {
        // A backslash takes back only this subset's own marks ("\*" is a star); before anything
        // else ("50\%", a path) it is text as typed.
        const t = token as Tokens.Escape;
        pushText(ESCAPABLE.has(t.text) ? t.text : t.raw);
        break;
      }
      case "text": {
        const t = token as Tokens.Text;
        if (t.tokens && t.tokens.length > 0) {
          for (const inner of inlines(t.tokens)) {
            if (inner.type === "text") pushText(inner.text);
            else out.push(inner);
          }
        } else {
          // As typed: marked decodes character references ("&#x3C;") in text, which a message keeps.
          pushText(t.raw);
        }
        break;
      }
      default:
        // Raw HTML, and anything this subset does not know, as it was typed.
        pushText(token.raw);
    }
  }
  return out;
}

function inlineText(nodes: Inline[]): string {
  return nodes.map((n) => (n.type === "text" || n.type === "code" ? n.text : inlineText(n.children))).join("");
}

function blockText(block: Block): string {
  switch (block.type) {
    case "paragraph":
      return inlineText(block.children);
    case "code":
      return block.text;
    case "quote":
      return block.children.map(blockText).join("\n");
    case "list":
      return block.items.map((item) => item.map(blockText).join("\n")).join("\n");
  }
}

/**
 * The words of a message without its Markdown marks: what the chat list's preview, a notification
 * and a reply's quote show ("**Lunch** at `12`" reads "Lunch at 12").
 */
export function toPlainText(body: string): string {
  return parseMessage(body).map(blockText).join("\n");
}
