import { count, gt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { message } from "@/db/schema";
import type { Ledger } from "./ledger";
import type { Population } from "./population";

/** A message a member never got, with what that member held of the conversation: the clue to why. */
export type LostReceipt = { userId: string; messageId: number; dropped: boolean; heldNewer: number[] };

export type Verdict = {
  stored: number;
  accepted: number;
  /** Sends that got no 2xx within the retry policy. */
  gaveUp: number;
  /** Accepted (a 201, or a 200 for a retry) but not in the database, or stored differently. */
  acceptedNotStored: number;
  /** In the database although its send never saw a 2xx. */
  storedNotAccepted: number;
  /** In the database with a clientId no simulated user sent. */
  unknownStored: number;
  /** (sender, clientId) pairs stored more than once. */
  storedTwice: number;
  /**
   * (member, message) pairs the database says should have arrived: one per member other than the
   * sender who has that chat open (live, or by catching up).
   */
  expectedReceipts: number;
  /** (member, message) pairs of members who have another chat open: they get the activity on their own channel only. */
  activityOnly: number;
  live: number;
  caughtUp: number;
  lost: number;
  /** Users who lost their connection on purpose account for this many of the lost. */
  lostByDropped: number;
  lostExamples: LostReceipt[];
  /** The same message id delivered to the same user twice over the realtime channel. */
  duplicated: number;
  /** Received ids the database does not hold. */
  unknownReceived: number;
  /** Received on a conversation the message is not in, or by someone who is not a member. */
  misrouted: number;
  /** Users whose connection dropped and whose list was not fetched again once their own channel was back. */
  droppedWithoutRefetch: number;
};

/**
 * The database is the truth: every stored message must have reached every other member who has its
 * conversation open (live, or by catching up), each once; every accepted send must be stored, once.
 * A member with another chat open hears of it on their own channel (checked by the caller, which
 * counts those events) or, after a dropped connection, by fetching their list again.
 */
export async function verify(db: Database, population: Population, ledger: Ledger, dropped: ReadonlySet<string> = new Set()): Promise<Verdict> {
  const rows = await db
    .select({ id: message.id, conversationId: message.conversationId, senderId: message.senderId, clientId: message.clientId })
    .from(message);
  const twice = await db
    .select({ senderId: message.senderId, clientId: message.clientId, n: count() })
    .from(message)
    .groupBy(message.senderId, message.clientId)
    .having(gt(count(), 1));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const conversations = new Map(population.conversations.map((c) => [c.id, c]));
  const accepted = ledger.accepted;

  const acceptedNotStored = accepted.filter((s) => {
    const row = byId.get(s.acceptedId!);
    return !row || row.clientId !== s.clientId || row.senderId !== s.senderId || row.conversationId !== s.conversationId;
  }).length;
  const storedNotAccepted = rows.filter((r) => {
    const send = ledger.sends.get(r.clientId);
    return send !== undefined && send.acceptedId === null;
  }).length;
  const unknownStored = rows.filter((r) => !ledger.sends.has(r.clientId) || !conversations.has(r.conversationId)).length;

  let expectedReceipts = 0;
  let activityOnly = 0;
  let live = 0;
  let caughtUp = 0;
  const lost: { userId: string; messageId: number; conversationId: string }[] = [];
  for (const row of rows) {
    for (const memberId of conversations.get(row.conversationId)?.memberIds ?? []) {
      if (memberId === row.senderId) continue;
      if (population.openOf.get(memberId)?.id !== row.conversationId) {
        activityOnly++;
        continue;
      }
      expectedReceipts++;
      const receipt = ledger.receipts.get(memberId)?.get(row.id);
      if (!receipt) lost.push({ userId: memberId, messageId: row.id, conversationId: row.conversationId });
      else if (receipt.via === "live") live++;
      else caughtUp++;
    }
  }

  let unknownReceived = 0;
  let misrouted = 0;
  for (const [userId, held] of ledger.receipts) {
    for (const [id, receipt] of held) {
      const row = byId.get(id);
      if (!row) unknownReceived++;
      else if (row.conversationId !== receipt.conversationId || !conversations.get(row.conversationId)?.memberIds.includes(userId)) {
        misrouted++;
      }
    }
  }

  return {
    stored: rows.length,
    accepted: accepted.length,
    gaveUp: [...ledger.sends.values()].filter((s) => s.gaveUp).length,
    acceptedNotStored,
    storedNotAccepted,
    unknownStored,
    storedTwice: twice.length,
    expectedReceipts,
    activityOnly,
    live,
    caughtUp,
    lost: lost.length,
    lostByDropped: lost.filter((l) => dropped.has(l.userId)).length,
    lostExamples: lost.slice(0, 10).map(({ userId, messageId, conversationId }) => ({
      userId,
      messageId,
      dropped: dropped.has(userId),
      heldNewer: [...(ledger.receipts.get(userId) ?? [])]
        .filter(([id, r]) => r.conversationId === conversationId && id > messageId)
        .map(([id]) => id)
        .sort((a, b) => a - b)
        .slice(0, 5),
    })),
    duplicated: ledger.duplicates.length,
    unknownReceived,
    misrouted,
    droppedWithoutRefetch: [...dropped].filter((id) => !ledger.listRefetchedAfterDrop.has(id)).length,
  };
}
