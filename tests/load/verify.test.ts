import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { message } from "@/db/schema";
import { Ledger, type Send } from "./ledger";
import { arrange, seededRandom, seedPopulation, type LoadConversation, type Population } from "./population";
import { verify } from "./verify";

// The load test's verdict is only as good as its checker: here it is shown a loss, a duplicate and
// a stray message on a real database, and must name each.

describe("arrange", () => {
  it("gives everyone a direct chat and puts the requested share in groups of 5 to 10", () => {
    const { pairs, groups } = arrange(400, 0.3, seededRandom(7));
    const inPairs = new Set(pairs.flat());
    expect(inPairs.size).toBe(400);
    expect(pairs).toHaveLength(200);
    for (const group of groups) {
      expect(group.length).toBeGreaterThanOrEqual(5);
      expect(group.length).toBeLessThanOrEqual(10);
    }
    const grouped = groups.flat();
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(grouped).toHaveLength(120);
  });

  it("pairs the odd one out too", () => {
    const { pairs } = arrange(11, 0, seededRandom(1));
    expect(new Set(pairs.flat()).size).toBe(11);
  });
});

describe("verify", () => {
  let db: Database;
  let population: Population;
  let group: LoadConversation;

  beforeAll(async () => {
    db = await openDatabase(process.env.DATABASE_URL!);
    population = await seedPopulation(db, { users: 12, groupShare: 0.5 }, seededRandom(3), "test-secret-0123456789-0123456789");
    group = population.conversations.find((c) => c.kind === "group")!;
    // The group open at every member, so that each of them should get each of its messages.
    for (const id of group.memberIds) population.openOf.set(id, group);
  });

  /** A message stored and accepted, as a simulated user's send would leave it. */
  async function storeAndAccept(ledger: Ledger, conversation: LoadConversation, senderId: string): Promise<Send> {
    const clientId = randomUUID();
    const [row] = await db.insert(message).values({ conversationId: conversation.id, senderId, clientId, body: "hello" }).returning({ id: message.id });
    const send: Send = {
      clientId,
      senderId,
      conversationId: conversation.id,
      scheduledAt: 0,
      attempts: 1,
      acceptedId: row!.id,
      acceptedAt: 1,
      gaveUp: false,
    };
    ledger.sends.set(clientId, send);
    return send;
  }

  function deliver(ledger: Ledger, send: Send, to: string[], via: "live" | "catch-up" = "live") {
    for (const userId of to) ledger.receive(userId, { id: send.acceptedId!, conversationId: send.conversationId, clientId: send.clientId }, via);
  }

  it("counts a message a member never received as lost, and names it", async () => {
    await db.delete(message);
    const ledger = new Ledger();
    const [sender, ...others] = group.memberIds;
    const send = await storeAndAccept(ledger, group, sender!);
    deliver(ledger, send, others.slice(1));

    const verdict = await verify(db, population, ledger);
    expect(verdict).toMatchObject({ lost: 1, duplicated: 0, expectedReceipts: others.length, live: others.length - 1 });
    expect(verdict.lostExamples).toEqual([{ userId: others[0], messageId: send.acceptedId, dropped: false, heldNewer: [] }]);
  });

  it("counts a second live delivery as a duplicate, and a catch-up repeat as merged", async () => {
    await db.delete(message);
    const ledger = new Ledger();
    const [sender, ...others] = group.memberIds;
    const send = await storeAndAccept(ledger, group, sender!);
    deliver(ledger, send, others);
    deliver(ledger, send, others.slice(0, 1));
    deliver(ledger, send, others.slice(1, 2), "catch-up");

    const verdict = await verify(db, population, ledger);
    expect(verdict).toMatchObject({ lost: 0, duplicated: 1 });
    expect(ledger.overlaps).toBe(1);
  });

  it("lets a retried send be announced again, and merges it by id", async () => {
    await db.delete(message);
    const ledger = new Ledger();
    const [sender, ...others] = group.memberIds;
    const send = await storeAndAccept(ledger, group, sender!);
    send.attempts = 2;
    deliver(ledger, send, others);
    deliver(ledger, send, others.slice(0, 1));

    expect(await verify(db, population, ledger)).toMatchObject({ lost: 0, duplicated: 0 });
    expect(ledger.republished).toBe(1);
  });

  it("expects a message only at the members who have its chat open; the others hear of it by activity", async () => {
    await db.delete(message);
    const ledger = new Ledger();
    const [sender, elsewhere, ...others] = group.memberIds;
    const direct = population.conversationsOf.get(elsewhere!)!.find((c) => c.kind === "direct")!;
    population.openOf.set(elsewhere!, direct);
    try {
      const send = await storeAndAccept(ledger, group, sender!);
      deliver(ledger, send, others);
      expect(await verify(db, population, ledger)).toMatchObject({ lost: 0, expectedReceipts: others.length, activityOnly: 1 });
    } finally {
      population.openOf.set(elsewhere!, group);
    }
  });

  it("names a user whose connection dropped and whose list was not fetched again", async () => {
    await db.delete(message);
    const ledger = new Ledger();
    const [a, b] = group.memberIds;
    ledger.listRefetchedAfterDrop.add(a!);
    expect(await verify(db, population, ledger, new Set([a!, b!]))).toMatchObject({ droppedWithoutRefetch: 1 });
  });

  it("finds stored messages nobody sent, sends that were accepted but not kept, and receipts of unknown ids", async () => {
    await db.delete(message);
    const ledger = new Ledger();
    const [sender, ...others] = group.memberIds;
    await db.insert(message).values({ conversationId: group.id, senderId: sender!, clientId: randomUUID(), body: "stray" });
    const vanished = await storeAndAccept(ledger, group, sender!);
    await db.delete(message).where(eq(message.id, vanished.acceptedId!));
    ledger.receive(others[0]!, { id: 987_654, conversationId: group.id }, "live");

    const verdict = await verify(db, population, ledger);
    expect(verdict).toMatchObject({ unknownStored: 1, acceptedNotStored: 1, unknownReceived: 1 });
  });

  it("passes a run where every member got every message once", async () => {
    await db.delete(message);
    const ledger = new Ledger();
    for (const conversation of population.conversations) {
      for (const senderId of conversation.memberIds) {
        const send = await storeAndAccept(ledger, conversation, senderId);
        deliver(
          ledger,
          send,
          conversation.memberIds.filter((id) => id !== senderId),
        );
      }
    }
    const verdict = await verify(db, population, ledger);
    expect(verdict).toMatchObject({
      lost: 0,
      duplicated: 0,
      storedTwice: 0,
      acceptedNotStored: 0,
      storedNotAccepted: 0,
      unknownStored: 0,
      unknownReceived: 0,
      misrouted: 0,
      gaveUp: 0,
    });
    expect(verdict.live).toBe(verdict.expectedReceipts);
    expect(verdict.expectedReceipts).toBeGreaterThan(0);
  });
});
