import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation, conversationMember } from "@/db/schema";
import { conversationChannel } from "@/lib/realtime/channels";

// Who is in a conversation, for the DAL's own use: these take no acting user, so they check nobody's
// access. Pages and endpoints call requireMembership (lib/dal/conversations.ts) instead.

export async function isMember(conversationId: string, userId: string): Promise<boolean> {
  const db = await getDb();
  const row = await db.query.conversationMember.findFirst({
    where: and(eq(conversationMember.conversationId, conversationId), eq(conversationMember.userId, userId)),
    columns: { userId: true },
  });
  return row !== undefined;
}

export async function listMemberIds(conversationId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db.select({ userId: conversationMember.userId }).from(conversationMember).where(eq(conversationMember.conversationId, conversationId));
  return rows.map((r) => r.userId);
}

/** The conversation's current channel name: the epoch changes when a member is removed. */
export async function currentChannel(conversationId: string): Promise<string> {
  const db = await getDb();
  const row = await db.query.conversation.findFirst({
    where: eq(conversation.id, conversationId),
    columns: { channelEpoch: true },
  });
  return conversationChannel(conversationId, row?.channelEpoch ?? 0);
}
