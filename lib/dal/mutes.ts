import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { MUTE_MS, MUTED_FOREVER } from "@/lib/mute-rules";
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
