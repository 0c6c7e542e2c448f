import { asc, eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { message } from "@/db/schema";

/** What a conversation holds in the database, in id order: the fault tests' ground truth. */
export async function storedMessages(databaseUrl: string, conversationId: string): Promise<{ id: number; clientId: string; body: string | null }[]> {
  const db = await openDatabase(databaseUrl);
  try {
    return await db
      .select({ id: message.id, clientId: message.clientId, body: message.body })
      .from(message)
      .where(eq(message.conversationId, conversationId))
      .orderBy(asc(message.id));
  } finally {
    db.$client.close();
  }
}

export const conversationIdOf = (path: string) => path.split("/").pop()!;
