import { randomUUID } from "node:crypto";
import { and, gt, inArray, max } from "drizzle-orm";
import { message } from "@/db/schema";
import type { MessageDTO } from "@/lib/dto";
import { conversationChannel } from "@/lib/realtime/channels";
import type { PartialMessage } from "@/lib/realtime/events";
import { formatCount } from "@/tests/support/report";
import { summarize } from "@/tests/support/stats";
import { mapConcurrently, waitUntil } from "@/tests/support/async";
import { messageBody, postMessage } from "@/tests/support/messages";
import { cpuMeter } from "@/tests/support/processes";
import { connect, disconnectAll, signInViaRoute, subscribe, viaRoute } from "@/tests/support/realtime";
import { seedDirectConversations, seedUsers } from "@/tests/support/seed";
import { formatRatio, ratioToFloor, TARGETS } from "../targets";
import type { BenchContext, ScenarioResult } from "../types";

const DRAIN_MS = 15_000;
const WARMUP_PER_SENDER = 1;

/**
 * Scenario 3: every sender sends in its own conversation as fast as the server answers (the next
 * POST leaves when the previous one returned), for a fixed time. Afterwards the database and the
 * receivers are compared message by message.
 */
export async function runThroughput(ctx: BenchContext): Promise<ScenarioResult> {
  const { baseURL } = ctx.stack;
  const n = ctx.options.senders;
  const senders = await seedUsers(ctx.db, "throughput_sender", n, ctx.authSecret);
  const receivers = await seedUsers(ctx.db, "throughput_receiver", n, ctx.authSecret);
  const conversations = await seedDirectConversations(
    ctx.db,
    senders.map((s, i) => [s, receivers[i]!]),
  );

  // Warm-up, before any receiver listens: the first requests of a fresh server load code, and a
  // run alone (--only throughput) would otherwise count that as throughput. Only ids after these
  // are checked.
  await Promise.all(
    senders.map(async (sender, i) => {
      for (let w = 0; w < WARMUP_PER_SENDER; w++) {
        const response = await postMessage(baseURL, sender.cookie, conversations[i]!, randomUUID(), messageBody(w));
        if (response.status !== 201) throw new Error(`throughput: warm-up POST answered HTTP ${response.status}`);
      }
    }),
  );
  const [last] = await ctx.db.select({ id: max(message.id) }).from(message);
  const warmupEnd = last?.id ?? 0;

  const sentAt = new Map<string, number>();
  const received = conversations.map((): number[] => []);
  const latencies: number[] = [];
  let lastDelivery = 0;
  const clients = await mapConcurrently(receivers, 16, async (receiver, i) => {
    const client = await connect(ctx.realtime, viaRoute(baseURL, receiver.cookie), signInViaRoute(baseURL, receiver.cookie));
    const channel = await subscribe(client, conversationChannel(conversations[i]!));
    channel.bind("message.created", (payload: MessageDTO | PartialMessage) => {
      const now = performance.now();
      received[i]!.push(payload.id);
      lastDelivery = now;
      const start = "clientId" in payload ? sentAt.get(payload.clientId) : undefined;
      if (start !== undefined) latencies.push(now - start);
    });
    return client;
  });

  try {
    const accepted = conversations.map((): number[] => []);
    const failures = new Map<string, number>();
    const cpu = cpuMeter(ctx.stack.appPid, ctx.stack.soketiPid);
    const start = performance.now();
    const deadline = start + ctx.options.seconds * 1000;
    let lastAnswer = start;
    await Promise.all(
      senders.map(async (sender, i) => {
        for (let seq = 0; performance.now() < deadline; seq++) {
          const clientId = randomUUID();
          sentAt.set(clientId, performance.now());
          try {
            const response = await postMessage(baseURL, sender.cookie, conversations[i]!, clientId, messageBody(seq));
            if (response.status === 201) accepted[i]!.push((JSON.parse(response.body) as { message: MessageDTO }).message.id);
            else failures.set(`HTTP ${response.status}`, (failures.get(`HTTP ${response.status}`) ?? 0) + 1);
          } catch (error) {
            const key = error instanceof Error ? error.message : String(error);
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
          lastAnswer = performance.now();
        }
      }),
    );
    const acceptedCount = accepted.reduce((sum, ids) => sum + ids.length, 0);
    const receivedCount = () => received.reduce((sum, ids) => sum + ids.length, 0);
    await waitUntil(() => receivedCount() >= acceptedCount, DRAIN_MS);
    const cpuMs = cpu.perMessage(acceptedCount);
    const cpuWindowSeconds = (performance.now() - start) / 1000;
    // A moment more, so that a duplicate arriving after the last original is still counted.
    await new Promise((r) => setTimeout(r, 300));

    const check = await verify(ctx, conversations, warmupEnd, accepted, received);
    const acceptedPerSecond = acceptedCount / ((lastAnswer - start) / 1000);
    const deliveredPerSecond = check.deliveredOnce / ((lastDelivery - start) / 1000);
    const clean = check.lost === 0 && check.duplicated === 0 && check.outOfOrder === 0 && check.unknown === 0 && check.acceptedNotStored === 0;
    const latency = summarize(latencies);
    const rate = (x: number) => `${formatCount(Math.round(x))} msg/s`;
    return {
      rows: [
        {
          scenario: `3. throughput: accepted (${n} senders, ${ctx.options.seconds} s)`,
          value: rate(acceptedPerSecond),
          target: `≥ ${rate(TARGETS.messagesPerSecond)}`,
          met: acceptedPerSecond >= TARGETS.messagesPerSecond,
        },
        {
          scenario: "3. throughput: delivered exactly once, in order",
          value: rate(deliveredPerSecond),
          target: `≥ ${rate(TARGETS.messagesPerSecond)}, all accepted; ${check.lost} lost, ${check.duplicated} dup, ${check.outOfOrder} out of order`,
          met: deliveredPerSecond >= TARGETS.messagesPerSecond && check.deliveredOnce === acceptedCount && clean,
        },
        {
          scenario: "3. throughput: delivery latency under that load",
          summary: latency,
          ratio: formatRatio(ratioToFloor(latency, ctx.floor)),
          target: `p99 ≤ ${TARGETS.loadP99Ms} ms`,
          met: latency.count > 0 ? latency.p99 <= TARGETS.loadP99Ms : undefined,
        },
        {
          scenario: "3. throughput: CPU per accepted message (app / Soketi / bench)",
          value: `${cpuMs.app.toFixed(2)} / ${cpuMs.soketi.toFixed(2)} / ${cpuMs.bench.toFixed(2)} ms`,
          target: `app ≤ ${TARGETS.appCpuMsPerMessage} ms`,
          met: Number.isFinite(cpuMs.app) ? cpuMs.app <= TARGETS.appCpuMsPerMessage : undefined,
        },
      ],
      data: {
        senders: n,
        seconds: ctx.options.seconds,
        accepted: acceptedCount,
        acceptedPerSecond,
        deliveredPerSecond,
        failures: Object.fromEntries(failures),
        ...check,
        latencyMs: latency,
        // From just before the first send until every accepted message had arrived (drain included).
        cpuMsPerMessage: cpuMs,
        cpuWindowSeconds,
      },
    };
  } finally {
    disconnectAll(clients);
  }
}

/** Each conversation's stored ids against what its receiver got, in the order it got them. */
async function verify(ctx: BenchContext, conversations: string[], after: number, accepted: number[][], received: number[][]) {
  const rows = await ctx.db
    .select({ conversationId: message.conversationId, id: message.id })
    .from(message)
    .where(and(inArray(message.conversationId, conversations), gt(message.id, after)))
    .orderBy(message.id);
  const stored = new Map(conversations.map((id): [string, number[]] => [id, []]));
  for (const row of rows) stored.get(row.conversationId)!.push(row.id);

  let lost = 0,
    duplicated = 0,
    outOfOrder = 0,
    unknown = 0,
    deliveredOnce = 0,
    storedNotAccepted = 0,
    acceptedNotStored = 0;
  conversations.forEach((conversationId, i) => {
    const inDb = stored.get(conversationId)!;
    const dbSet = new Set(inDb);
    const got = received[i]!;
    const gotSet = new Set(got);
    deliveredOnce += [...gotSet].filter((id) => dbSet.has(id)).length;
    lost += inDb.filter((id) => !gotSet.has(id)).length;
    duplicated += got.length - gotSet.size;
    unknown += [...gotSet].filter((id) => !dbSet.has(id)).length;
    outOfOrder += got.filter((id, j) => j > 0 && id <= got[j - 1]!).length;
    const acceptedSet = new Set(accepted[i]);
    storedNotAccepted += inDb.filter((id) => !acceptedSet.has(id)).length;
    acceptedNotStored += accepted[i]!.filter((id) => !dbSet.has(id)).length;
  });
  return { stored: rows.length, deliveredOnce, lost, duplicated, outOfOrder, unknown, storedNotAccepted, acceptedNotStored };
}
