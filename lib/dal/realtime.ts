import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isSocketId, parseChannel } from "@/lib/realtime/channels";
import { signSubscription } from "@/lib/realtime/server";
import { isMember } from "./conversations";
import type { Actor } from "./users";

const subscriptionSchema = z.object({
  socket_id: z.string().max(64).refine(isSocketId, "Malformed socket id."),
  channel_name: z.string().max(200),
});

/**
 * The channel-auth decision: a user may subscribe to their own channel and to the channels of
 * conversations they belong to. Everything else is refused and nothing is signed.
 */
export async function mayAccessChannel(
  actor: Actor,
  channelName: string,
  memberOf: (conversationId: string, userId: string) => Promise<boolean> = isMember,
): Promise<boolean> {
  const channel = parseChannel(channelName);
  if (!channel) return false;
  if (channel.kind === "user") return channel.userId === actor.id;
  return memberOf(channel.conversationId, actor.id);
}

export async function authorizeSubscription(actor: Actor, input: unknown): Promise<{ auth: string }> {
  const parsed = subscriptionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("forbidden:channel");
  const { socket_id, channel_name } = parsed.data;
  if (!(await mayAccessChannel(actor, channel_name))) throw new AppError("forbidden:channel");
  return signSubscription(socket_id, channel_name);
}
