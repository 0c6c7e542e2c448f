import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { MUTE_MS, MUTED_FOREVER, mutedAt } from "@/lib/mute-rules";
import { userChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/server";
import { muteSchema } from "@/lib/validations/conversation";
import { parseInput } from "@/lib/validations/parse";
import { requireMembership } from "./conversations";
import { takeRateLimits } from "./rate-limit";
import type { Actor } from "./users";

export type MuteState = { conversationId: string; mutedUntil: number | null };

/**
 * Mutes one of the actor's chats for an hour, eight hours or until unmuted, or unmutes it. Only the
 * actor's own member row changes, and only the actor's own tabs and devices are told: no one else
 * learns who muted what.
 */
export async function muteConversation(actor: Actor, input: unknown): Promise<MuteState> {
  const { conversationId, duration } = parseInput(muteSchema, input);
  const id = await requireMembership(actor, conversationId);
  await takeRateLimits([{ name: "mutesUser", subject: actor.id }]);
  const mutedUntil = duration === "off" ? null : duration === "forever" ? MUTED_FOREVER : Date.now() + MUTE_MS[duration];
  const db = await getDb();
  await db.run(sql`UPDATE conversation_member SET muted_until = ${mutedUntil}
    WHERE conversation_id = ${id} AND user_id = ${actor.id}`);
  const state = { conversationId: id, mutedUntil };
  await publish([userChannel(actor.id)], "conversation.muted", state);
  return state;
}

/**
 * Whether this member has the chat muted right now: what anything that alerts a person (a push, a
 * sound) asks before it does. False for someone who is not a member.
 */
export async function isMuted(userId: string, conversationId: string, now = Date.now()): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.all<{ muted_until: number | null }>(sql`
    SELECT muted_until FROM conversation_member WHERE conversation_id = ${conversationId} AND user_id = ${userId}`);
  return mutedAt(row?.muted_until, now);
}

/** Of these members of a chat, those who have it muted right now (one query for a whole group). */
export async function mutedMembers(conversationId: string, userIds: string[], now = Date.now()): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const db = await getDb();
  const rows = await db.all<{ user_id: string }>(sql`
    SELECT user_id FROM conversation_member
    WHERE conversation_id = ${conversationId} AND muted_until > ${now}
      AND user_id IN (${sql.join(userIds.map((u) => sql`${u}`), sql`, `)})`);
  return new Set(rows.map((r) => r.user_id));
}
