import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { message, reaction } from "@/db/schema";
import type { MessageDTO } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { reactionSchema } from "@/lib/validations/message";
import { parseInput } from "@/lib/validations/parse";
import { assertNotArchived, assertNotBlockedChat, requireMembership } from "./conversations";
import { loadMessage } from "./internal/messages";
import { publishMessage } from "./messages";
import { takeRateLimits } from "./rate-limit";
import type { Actor } from "./users";

/** Adds the actor's reaction, or takes it back if it is already there. */
export async function toggleReaction(actor: Actor, input: unknown): Promise<MessageDTO> {
  const { messageId, emoji } = parseInput(reactionSchema, input);
  const db = await getDb();
  const target = await db.query.message.findFirst({ where: eq(message.id, messageId) });
  if (!target) throw new AppError("not_found:message");
  await requireMembership(actor, target.conversationId);
  await assertNotBlockedChat(actor, target.conversationId);
  await assertNotArchived(target.conversationId);
  await takeRateLimits([{ name: "reactionsUser", subject: actor.id }]);
  if (target.deletedAt || target.kind !== "text") {
    throw new AppError("bad_request:input", { message: "You cannot react to this message." });
  }
  const mine = and(eq(reaction.messageId, messageId), eq(reaction.userId, actor.id), eq(reaction.emoji, emoji));
  const removed = await db.delete(reaction).where(mine).returning({ emoji: reaction.emoji });
  if (removed.length === 0) {
    await db.insert(reaction).values({ messageId, userId: actor.id, emoji }).onConflictDoNothing();
  }
  const updated = (await loadMessage(messageId))!;
  await publishMessage("message.updated", updated);
  return updated;
}
