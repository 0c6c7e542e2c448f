import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { conversation, conversationMember, user } from "@/db/schema";
import { displayName } from "@/lib/display-name";
import { AppError } from "@/lib/errors";
import { MAX_CHANNELS_PER_BATCH, type ChannelGrant } from "@/lib/realtime/auth-batcher";
import { isSocketId, parseChannel } from "@/lib/realtime/channels";
import { signSubscription, signUser } from "@/lib/realtime/server";
import { blockBetween } from "./internal/blocks";
import type { Actor } from "./users";

const subscriptionSchema = z.object({
  socket_id: z.string().max(64).refine(isSocketId, "Malformed socket id."),
  channel_name: z.string().max(200),
});

/**
 * The current channel epoch of each of these conversations the user is a member of; left out are
 * the others, and a direct chat where either of the two blocked the other, which neither may hear
 * while it lasts. One query however many are named.
 */
async function memberEpochs(userId: string, conversationIds: string[]): Promise<Map<string, number>> {
  const epochs = new Map<string, number>();
  if (conversationIds.length === 0) return epochs;
  const db = await getDb();
  const rows = await db
    .select({ id: conversation.id, epoch: conversation.channelEpoch })
    .from(conversationMember)
    .innerJoin(conversation, eq(conversation.id, conversationMember.conversationId))
    .where(
      and(
        inArray(conversationMember.conversationId, conversationIds),
        eq(conversationMember.userId, userId),
        sql`NOT (${conversation.kind} = 'direct' AND EXISTS (
          SELECT 1 FROM conversation_member o JOIN block b ON ${blockBetween(userId, sql`o.user_id`)}
          WHERE o.conversation_id = ${conversation.id} AND o.user_id <> ${userId}))`,
      ),
    );
  for (const row of rows) epochs.set(row.id, row.epoch);
  return epochs;
}

/** The conversation's current channel epoch if the user may hear it (memberEpochs), else null. */
async function memberEpoch(conversationId: string, userId: string): Promise<number | null> {
  return (await memberEpochs(userId, [conversationId])).get(conversationId) ?? null;
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
  return signFor(actor, socket_id, channel_name, isPresence(channel_name) ? await displayNameOf(actor) : actor.username);
}

const isPresence = (channelName: string) => channelName.startsWith("presence-");

/** How the actor names themselves now, for the member info of presence channels. */
async function displayNameOf(actor: Actor): Promise<string> {
  const db = await getDb();
  const row = await db.select({ firstName: user.firstName, lastName: user.lastName }).from(user).where(eq(user.id, actor.id)).get();
  return row ? displayName({ ...row, username: actor.username }) : actor.username;
}

/** A subscription signed for a channel the actor may access. */
function signFor(actor: Actor, socketId: string, channelName: string, name: string): { auth: string; channel_data?: string } {
  // On presence channels the server vouches for who the subscriber is; Soketi stamps their client
  // events with this id. The name is what the chat list's typing line shows (an open chat names
  // people by its member list, which follows renames).
  const member = isPresence(channelName) ? { user_id: actor.id, user_info: { username: actor.username, name } } : undefined;
  return signSubscription(socketId, channelName, member);
}

const subscriptionBatchSchema = z.object({
  socketId: z.string().max(64).refine(isSocketId, "Malformed socket id."),
  channels: z.array(z.string().max(200)).min(1).max(MAX_CHANNELS_PER_BATCH),
});

/**
 * The channel-auth decision for several channels of one socket at once (pusher-js's subscriptions
 * of one turn, see lib/realtime/auth-batcher.ts): the same rule as authorizeSubscription, with the
 * actor's memberships in all the named conversations read in one query. Answers in the order asked;
 * a refused channel is named by its place only, so the answer tells nothing about it.
 */
export async function authorizeSubscriptions(actor: Actor, input: unknown): Promise<ChannelGrant[]> {
  const parsed = subscriptionBatchSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request:input", { message: "Send a socket id and up to 20 channel names." });
  const { socketId, channels } = parsed.data;
  const conversationIds = [
    ...new Set(
      channels.flatMap((name) => {
        const channel = parseChannel(name);
        return channel && channel.kind !== "user" ? [channel.conversationId] : [];
      }),
    ),
  ];
  const [epochs, name] = await Promise.all([memberEpochs(actor.id, conversationIds), channels.some(isPresence) ? displayNameOf(actor) : actor.username]);
  const refused = { error: { status: 403, message: new AppError("forbidden:channel").message } };
  return Promise.all(
    channels.map(async (channelName) => {
      if (!(await mayAccessChannel(actor, channelName, async (id) => epochs.get(id) ?? null))) return refused;
      return signFor(actor, socketId, channelName, name);
    }),
  );
}

const signInSchema = z.object({ socket_id: z.string().max(64).refine(isSocketId, "Malformed socket id.") });

/**
 * Signs this socket in as the actor (pusher-js `signin`): the realtime server requires it of every
 * socket (Soketi ends one that has not signed in within its timeout, scripts/lib/soketi.ts), and it is what lets a
 * revocation end the actor's sockets (terminateConnections). The actor comes from a session checked
 * against the database, so a revoked session cannot sign a new socket in.
 */
export function authenticateRealtimeUser(actor: Actor, input: unknown): { auth: string; user_data: string } {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request:input", { message: "Send the socket id." });
  return signUser(parsed.data.socket_id, actor.id);
}
