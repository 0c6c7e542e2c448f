import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { conversationMember } from "@/db/schema";
import type { SearchResult } from "@/lib/dto";
import { MATCH_END, MATCH_START } from "@/lib/search-markers";
import { searchQuerySchema } from "@/lib/validations/message";
import { parseInput } from "@/lib/validations/parse";
import { requireMembership } from "./conversations";
import { mentionText } from "@/lib/mentions";
import { mentionsFor } from "./internal/mentions";
import { takeRateLimits } from "./rate-limit";
import type { Actor } from "./users";

/**
 * Turns what a person typed into an FTS5 query: every word must match, each as a prefix. Words are
 * quoted, so FTS5 syntax in the input (AND, NEAR, column filters, quotes) is searched as text.
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(" ");
}

/** The index's token for a conversation (db/migrations/0006): its id without hyphens. */
function scopeToken(conversationId: string): string {
  return `"${conversationId.replaceAll("-", "")}"`;
}

/**
 * The words, each in the message text as it reads or the username of a person it mentions (the
 * index holds a mention as "@Name", db/migrations/0018), never in the scope column.
 */
function textFtsQuery(words: string): string {
  return `{body mentioned} : (${words})`;
}

/** The words (as textFtsQuery), in the messages of these conversations only. */
export function scopedFtsQuery(words: string, conversationIds: string[]): string {
  return `scope : (${conversationIds.map(scopeToken).join(" OR ")}) AND ${textFtsQuery(words)}`;
}

// A token's characters with the match markers that snippet() may have put inside it.
const TOKEN_PIECE = `[0-9a-fA-F\\-${MATCH_START}${MATCH_END}]`;
const WHOLE_TOKEN = new RegExp(`@\\[${TOKEN_PIECE}{36,}?\\]`, "g");
const CUT_AT_START = new RegExp(`^…${TOKEN_PIECE}*\\]`);
const CUT_AT_END = new RegExp(`@\\[${TOKEN_PIECE}*…$`);

/**
 * A snippet as plain text: a mention as "@Name", never its token, even where the snippet's window
 * cut one or a match marker fell inside one (searching for a piece of an id). The index names the
 * mentions it can (db/migrations/0018); this covers a token it holds as written, such as one whose
 * id differs in case from the mentioned person's.
 */
export function snippetText(snippet: string, mentions: Parameters<typeof mentionText>[1]): string {
  const unmarked = (token: string) => token.replaceAll(MATCH_START, "").replaceAll(MATCH_END, "");
  return snippet
    .replace(WHOLE_TOKEN, (token) => {
      const plain = unmarked(token);
      const named = mentionText(plain, mentions);
      return named === plain && !token.includes(MATCH_START) ? token : named;
    })
    .replace(CUT_AT_START, "…")
    .replace(CUT_AT_END, "…");
}

/**
 * Naming the searcher's conversations in the index query costs a term per conversation: for a few,
 * it keeps FTS5 to their entries; for a person in hundreds, the membership join on matches taken
 * newest first stops sooner, since most matches are theirs anyway.
 */
const SCOPE_UP_TO = 100;

type Row = {
  id: number;
  conversation_id: string;
  created_at: number;
  sender: string | null;
  /** The sender's first and last name, "" when they gave none. */
  sender_name: string | null;
  kind: "direct" | "group" | "public";
  name: string | null;
  peer: string | null;
  snippet: string;
  attachment_label: string | null;
};

/**
 * Full-text search over the messages of conversations the actor belongs to, newest first, limited
 * per user. For a person in up to 100 conversations the index query itself names them, so its cost
 * follows what the searcher can see, not the size of the database; the membership join stays in
 * every case, so no result from elsewhere can ever come back. Ordering by the index's own rowid (the message id) lets FTS5 hand
 * matches over newest first, so the query stops at `limit` instead of sorting every match.
 */
export async function searchMessages(actor: Actor, input: unknown): Promise<SearchResult[]> {
  const { q, before, limit, conversationId } = parseInput(searchQuerySchema, input);
  // Search in one chat: only a member's, and its index query names that chat alone.
  const only = conversationId === undefined ? undefined : await requireMembership(actor, conversationId);
  const words = toFtsQuery(q);
  if (!words) return [];
  await takeRateLimits([{ name: "searchesUser", subject: actor.id }]);
  const db = await getDb();
  const conversations = only
    ? [{ id: only }]
    : await db
        .select({ id: conversationMember.conversationId })
        .from(conversationMember)
        .where(eq(conversationMember.userId, actor.id))
        .limit(SCOPE_UP_TO + 1);
  if (conversations.length === 0) return [];
  const match =
    conversations.length <= SCOPE_UP_TO
      ? scopedFtsQuery(
          words,
          conversations.map((c) => c.id),
        )
      : textFtsQuery(words);
  const rows = await db.all<Row>(sql`
    SELECT m.id, m.conversation_id, m.created_at, s.username AS sender, c.kind, c.name,
      trim(s.first_name || ' ' || s.last_name) AS sender_name,
      (SELECT coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username)
        FROM conversation_member pm JOIN user u ON u.id = pm.user_id
        WHERE c.kind = 'direct' AND pm.conversation_id = c.id AND pm.user_id <> ${actor.id}) AS peer,
      m.attachment_label,
      snippet(message_fts, 0, ${MATCH_START}, ${MATCH_END}, '…', 24) AS snippet
    FROM message_fts
    JOIN message m ON m.id = message_fts.rowid
    JOIN conversation_member cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ${actor.id}
    JOIN conversation c ON c.id = m.conversation_id
    LEFT JOIN user s ON s.id = m.sender_id
    WHERE message_fts MATCH ${match} AND m.deleted_at IS NULL
      AND (${before ?? null} IS NULL OR message_fts.rowid < ${before ?? null})
    ORDER BY message_fts.rowid DESC
    LIMIT ${limit}
  `);
  const mentions = await mentionsFor(rows.flatMap((r) => (r.snippet.includes("@[") || r.snippet.includes("]") ? [r.id] : [])));
  return rows.map((r) => ({
    messageId: r.id,
    conversationId: r.conversation_id,
    conversationTitle: r.kind === "direct" ? (r.peer ?? "Deleted user") : (r.name ?? "Untitled"),
    senderUsername: r.sender,
    senderName: r.sender_name || r.sender,
    createdAt: r.created_at,
    snippet: snippetText(r.snippet, mentions.get(r.id)),
    attachmentLabel: r.attachment_label,
  }));
}
