import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { conversation, conversationMember } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isSocketId, parseChannel } from "@/lib/realtime/channels";
import { signSubscription } from "@/lib/realtime/server";
import type { Actor } from "./users";

const subscriptionSchema = z.object({
  socket_id: z.string().max(64).refine(isSocketId, "Malformed socket id."),
  channel_name: z.string().max(200),
});

/**
 * The conversation's current channel epoch if the user is a member, else null; null too for a
 * direct chat where either of the two blocked the other, which neither may hear while it lasts.
 */
export async function memberEpoch(conversationId: string, userId: string): Promise<number | null> {
  const db = await getDb();
  const row = await db
    .select({ epoch: conversation.channelEpoch })
    .from(conversationMember)
    .innerJoin(conversation, eq(conversation.id, conversationMember.conversationId))
    .where(
      and(
        eq(conversationMember.conversationId, conversationId),
        eq(conversationMember.userId, userId),
        sql`NOT (${conversation.kind} = 'direct' AND EXISTS (
          SELECT 1 FROM conversation_member o JOIN block b
            ON (b.blocker_id = ${userId} AND b.blocked_id = o.user_id) OR (b.blocker_id = o.user_id AND b.blocked_id = ${userId})
          WHERE o.conversation_id = ${conversation.id} AND o.user_id <> ${userId}))`,
      ),
    )
    .get();
  return row ? row.epoch : null;
}

/**
 * The channel-auth decision: a user may subscribe to their own channel and to the current channels
 * of conversations they belong to. Everything else, including a channel of an earlier epoch, is
 * refused and nothing is signed.
 */
export async function mayAccessChannel(
  actor: Actor,
  channelName: string,
  epochOf: (conversationId: string, userId: string) => Promise<number | null> = memberEpoch,
): Promise<boolean> {
  const channel = parseChannel(channelName);
  if (!channel) return false;
  if (channel.kind === "user") return channel.userId === actor.id;
  return (await epochOf(channel.conversationId, actor.id)) === channel.epoch;
}

export async function authorizeSubscription(actor: Actor, input: unknown): Promise<{ auth: string; channel_data?: string }> {
  const parsed = subscriptionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("forbidden:channel");
  const { socket_id, channel_name } = parsed.data;
  if (!(await mayAccessChannel(actor, channel_name))) throw new AppError("forbidden:channel");
  // On presence channels the server vouches for who the subscriber is; Soketi stamps their client
  // events with this id.
  const member = channel_name.startsWith("presence-") ? { user_id: actor.id, user_info: { username: actor.username } } : undefined;
  return signSubscription(socket_id, channel_name, member);
}
