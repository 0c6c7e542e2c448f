/**
 * Mentions (issue 15). A message stores a mention as the token `@[<user id>]` in its body, so a
 * rename never breaks it: whoever shows the message names the person as they are named now. The
 * server makes a mention of a token only for a member of the chat (lib/dal/internal/mentions.ts),
 * and the message's `mentions` say which tokens are mentions; any other token is text, shown as
 * written.
 *
 * The message box holds `@username` instead, which people can read and edit: the box turns the
 * usernames of the chat's members into tokens as it sends (lib/client/mention-input.ts, loaded with the
 * first `@`), and tokens back into usernames to edit.
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
  return mentionsToText(
    body,
    (id) => byId.get(id)?.name,
    (id) => byId.has(id),
  );
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
