import { mentionToken } from "@/lib/mentions";

/*
 * What the message box needs for mentions (lib/mentions.ts says how they are stored): the `@word`
 * being typed, the members it matches, the pick put in, and `@username` turned into tokens as the
 * message goes. Loaded with the first `@` typed, so that no chat page pays for it before.
 */

// Where a mention may start: not inside a word, an e-mail address or another mention.
const USERNAME_MENTION = /(^|[^\p{L}\p{N}_.@])@([a-z0-9_.]+)/giu;

/**
 * The message box's text as it is sent: `@username` of a member becomes that member's token
 * (a trailing full stop ends a sentence, not a username). Anything else stays as typed.
 */
export function usernamesToTokens(text: string, members: { id: string; username: string }[]): string {
  if (!text.includes("@") || members.length === 0) return text;
  const byUsername = new Map(members.map((m) => [m.username.toLowerCase(), m.id]));
  // Code shows what was typed: an `@name` in backticks is no mention.
  return text
    .split(CODE)
    .map((part, i) => (i % 2 === 1 ? part : tokensIn(part, byUsername)))
    .join("");
}

const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]*`)/;

function tokensIn(text: string, byUsername: Map<string, string>): string {
  return text.replace(USERNAME_MENTION, (whole, before: string, written: string) => {
    let name = written.toLowerCase();
    let rest = "";
    while (!byUsername.has(name) && name.endsWith(".")) {
      name = name.slice(0, -1);
      rest += ".";
    }
    const id = byUsername.get(name);
    return id ? `${before}${mentionToken(id)}${rest}` : whole;
  });
}

/**
 * The `@word` being typed at the caret, for the autocomplete: where its `@` is and what follows it
 * (possibly nothing yet). Null when the caret is not in one.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}_.]{0,32})$/u.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}

/** The member picked at the caret's `@word`: the text with `@username ` there, and where the caret goes. */
export function insertMention(text: string, at: { start: number; query: string }, username: string): { text: string; caret: number } {
  const end = at.start + 1 + at.query.length;
  const inserted = `@${username} `;
  const after = text.slice(end).replace(/^ /, "");
  return { text: text.slice(0, at.start) + inserted + after, caret: at.start + inserted.length };
}

/** Members matching what follows the `@`: by the start of the username, first or last name, ignoring case and accents. */
export function matchMembers<T extends { username: string; firstName: string; lastName: string }>(members: T[], query: string, limit = 8): T[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const q = fold(query);
  const scored = members.flatMap((m) => {
    const words = [m.username, m.firstName, m.lastName, `${m.firstName} ${m.lastName}`].map(fold);
    const rank = words[0]!.startsWith(q) ? 0 : words.some((w) => w.startsWith(q)) ? 1 : words.some((w) => w.includes(q)) ? 2 : -1;
    return rank < 0 ? [] : [{ m, rank }];
  });
  return scored
    .sort((a, b) => a.rank - b.rank || a.m.username.localeCompare(b.m.username))
    .slice(0, limit)
    .map((s) => s.m);
}
