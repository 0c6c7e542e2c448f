/**
 * Mentions (issue 15). A message stores a mention as the token `@[<user id>]` in its body, so a
 * rename never breaks it: whoever shows the message names the person as they are named now. The
 * server makes a mention of a token only for a member of the chat (lib/dal/mentions.ts), and the
 * message's `mentions` say which tokens are mentions; any other token is text, shown as written.
 *
 * The message box holds `@username` instead, which people can read and edit: the box turns the
 * usernames of the chat's members into tokens as it sends, and tokens back into usernames to edit.
 * Previews, search, quotes and notifications show the plain text "@Ana Lopez", never a token.
 */

import type { MentionDTO } from "./dto";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const TOKEN = new RegExp(`@\\[(${UUID})\\]`, "gi");

/** The token for a user. */
export function mentionToken(userId: string): string {
  return `@[${userId}]`;
}

/** The user ids of the tokens in a body, each once, in order. */
export function mentionIdsIn(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(TOKEN), (m) => m[1]!.toLowerCase()))];
}

/** A body cut into text and tokens, in order (for rendering a chip per mention). */
export type MentionPart = { text: string } | { userId: string; token: string };

export function splitMentions(body: string): MentionPart[] {
  const parts: MentionPart[] = [];
  let last = 0;
  for (const m of body.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ userId: m[1]!.toLowerCase(), token: m[0] });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** What a deleted account's mention shows. */
export const DELETED_MENTION = "@Deleted user";

/**
 * The body with each mention's token as "@Name": `nameOf` names a mentioned user (null for an
 * account that is gone); a token that is no mention (`mentioned` says which are) stays as written.
 */
export function mentionsToText(body: string, nameOf: (userId: string) => string | null | undefined, mentioned?: (userId: string) => boolean): string {
  if (!body.includes("@[")) return body;
  return body.replace(TOKEN, (token, id: string) => {
    const userId = id.toLowerCase();
    if (mentioned && !mentioned(userId)) return token;
    const name = nameOf(userId);
    return name ? `@${name}` : DELETED_MENTION;
  });
}

/**
 * A body as previews, quotes, search and notifications show it: each mention as "@Name" (or
 * "@Deleted user"); a token that is no mention of this message stays as written.
 */
export function mentionText(body: string, mentions: MentionDTO[] | undefined): string {
  if (!mentions || mentions.length === 0) return body;
  const byId = new Map(mentions.map((m) => [m.id, m]));
  return mentionsToText(body, (id) => byId.get(id)?.name, (id) => byId.has(id));
}

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

/** A stored body as the message box shows it to edit: members' tokens as `@username`. */
export function tokensToUsernames(body: string, members: { id: string; username: string }[]): string {
  if (!body.includes("@[")) return body;
  const byId = new Map(members.map((m) => [m.id.toLowerCase(), m.username]));
  return body.replace(TOKEN, (token, id: string) => {
    const username = byId.get(id.toLowerCase());
    return username ? `@${username}` : token;
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
