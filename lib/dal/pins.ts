import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { PinnedMessage } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/server";
import { pinSchema } from "@/lib/validations/message";
import { parseInput } from "@/lib/validations/parse";
import { assertNotArchived, assertNotBlockedChat, requireMembership } from "./conversations";
import { currentChannel } from "./internal/membership";
import { mentionText } from "@/lib/mentions";
import { mentionsFor } from "./internal/mentions";
import { takeRateLimits } from "./rate-limit";
import type { Actor } from "./users";

/** A chat shows at most this many pins: the newest ones. */
export const MAX_PINS = 50;

type PinRow = { message_id: number; body: string; sender: string | null; pinned_by: string | null; pinned_at: number };

async function pinsOf(conversationId: string): Promise<PinnedMessage[]> {
  const db = await getDb();
  const rows = await db.all<PinRow>(sql`
    SELECT p.message_id, m.body, s.username AS sender, b.username AS pinned_by, p.pinned_at
    FROM pinned_message p
    JOIN message m ON m.id = p.message_id
    LEFT JOIN user s ON s.id = m.sender_id
    LEFT JOIN user b ON b.id = p.pinned_by
    WHERE p.conversation_id = ${conversationId} AND m.deleted_at IS NULL
    ORDER BY p.pinned_at DESC, p.message_id DESC
    LIMIT ${MAX_PINS}`);
  const mentions = await mentionsFor(rows.flatMap((r) => (r.body.includes("@[") ? [r.message_id] : [])));
  return rows.map((r) => ({
    messageId: r.message_id,
    body: mentionText(r.body, mentions.get(r.message_id)),
    senderUsername: r.sender,
    pinnedBy: r.pinned_by,
    pinnedAt: r.pinned_at,
  }));
}

/** The chat's pinned messages, newest pin first, for a member. */
export async function listPins(actor: Actor, conversationId: unknown): Promise<PinnedMessage[]> {
  return pinsOf(await requireMembership(actor, conversationId));
}

/**
 * Pins or unpins a message: either person in a direct chat, an admin in a group or room. Every
 * member's open chat is told the chat's pins as they now are.
 */
export async function setPinned(actor: Actor, input: unknown): Promise<PinnedMessage[]> {
  const { messageId, pinned } = parseInput(pinSchema, input);
  const db = await getDb();
  const [target] = await db.all<{ conversation_id: string; kind: string; deleted_at: number | null; message_kind: string }>(sql`
    SELECT m.conversation_id, c.kind, m.deleted_at, m.kind AS message_kind
    FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.id = ${messageId}`);
  if (!target) throw new AppError("not_found:message");
  const conversationId = await requireMembership(actor, target.conversation_id);
  if (target.kind !== "direct") {
    const [me] = await db.all<{ role: string }>(sql`
      SELECT role FROM conversation_member WHERE conversation_id = ${conversationId} AND user_id = ${actor.id}`);
    if (me?.role !== "admin") throw new AppError("forbidden:admin", { message: "Only the group's admins can pin messages." });
  }
  await assertNotBlockedChat(actor, conversationId);
  await assertNotArchived(conversationId);
  await takeRateLimits([{ name: "pinsUser", subject: actor.id }]);
  if (pinned && (target.deleted_at !== null || target.message_kind !== "text")) {
    throw new AppError("bad_request:input", { message: "You cannot pin this message." });
  }
  if (pinned) {
    await db.run(sql`INSERT INTO pinned_message (message_id, conversation_id, pinned_by, pinned_at)
      VALUES (${messageId}, ${conversationId}, ${actor.id}, ${Date.now()}) ON CONFLICT (message_id) DO NOTHING`);
  } else {
    await db.run(sql`DELETE FROM pinned_message WHERE message_id = ${messageId}`);
  }
  const pins = await pinsOf(conversationId);
  await publish([await currentChannel(conversationId)], "conversation.pins", { conversationId, pins });
  return pins;
}

/** Whether the actor may pin in this chat (the chat shows its Pin buttons only then). */
export async function mayPin(actor: Actor, conversationId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.all<{ kind: string; role: string }>(sql`
    SELECT c.kind, m.role FROM conversation c
    JOIN conversation_member m ON m.conversation_id = c.id AND m.user_id = ${actor.id}
    WHERE c.id = ${conversationId}`);
  return row !== undefined && (row.kind === "direct" || row.role === "admin");
}
