import { randomUUID } from "node:crypto";
import type { MessageDTO } from "@/lib/dto";
import { conversationChannel } from "@/lib/realtime/channels";
import type { PartialMessage } from "@/lib/realtime/events";
import { summarize } from "@/tests/support/stats";
import { sleep } from "@/tests/support/async";
import { messageBody, postMessage } from "@/tests/support/messages";
import { connect, signInViaRoute, subscribe, viaRoute } from "@/tests/support/realtime";
import { seedDirectConversations, seedUsers } from "@/tests/support/seed";
import { deliveryRow } from "../targets";
import { Arrivals } from "../support/arrivals";
import type { BenchContext, ScenarioResult } from "../types";

const WARMUP = 50;
const LOST_AFTER_MS = 5000;

/**
 * Scenario 2: a signed-in sender POSTs to the messages API; the recipient's pusher-js client,
 * subscribed through the real channel-auth route, receives `message.created`. Latency runs from
 * just before the POST to the event's arrival, both stamped in this process.
 */
export async function runDelivery(ctx: BenchContext): Promise<ScenarioResult> {
  const { baseURL } = ctx.stack;
  const [sender, recipient] = await seedUsers(ctx.db, "delivery", 2, ctx.authSecret);
  const [conversationId] = await seedDirectConversations(ctx.db, [[sender!, recipient!]]);
  const client = await connect(ctx.realtime, viaRoute(baseURL, recipient!.cookie), signInViaRoute(baseURL, recipient!.cookie));
  try {
    const channel = await subscribe(client, conversationChannel(conversationId!));
    const arrivals = new Arrivals();
    channel.bind("message.created", (payload: MessageDTO | PartialMessage) => {
      if ("clientId" in payload) arrivals.record(payload.clientId);
    });
    let sent = 0;
    const send = (clientId: string) => postMessage(baseURL, sender!.cookie, conversationId!, clientId, messageBody(sent++));

    // One at a time: each send waits for its own event (and its HTTP answer) before the next.
    const sequential: number[] = [];
    const responseTimes: number[] = [];
    let sequentialLost = 0;
    for (let i = 0; i < WARMUP + ctx.options.deliveryMessages; i++) {
      const clientId = randomUUID();
      const start = performance.now();
      const [response, arrived] = await Promise.all([
        send(clientId).then((r) => ({ status: r.status, at: performance.now() })),
        arrivals.wait(clientId, LOST_AFTER_MS),
      ]);
      if (response.status !== 201) throw new Error(`delivery: POST answered HTTP ${response.status}`);
      if (i < WARMUP) continue;
      responseTimes.push(response.at - start);
      if (arrived === null) sequentialLost++;
      else sequential.push(arrived - start);
    }

    // A steady rate, open loop: each send leaves at its scheduled time whether or not earlier ones
    // have finished, and its latency counts from that scheduled time, so a stall is not hidden.
    const interval = 1000 / ctx.options.deliveryRate;
    const scheduled = new Map<string, number>();
    const failures: number[] = [];
    const inFlight: Promise<unknown>[] = [];
    const origin = performance.now() + 20;
    for (let i = 0; i < ctx.options.deliveryMessages; i++) {
      const due = origin + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const clientId = randomUUID();
      scheduled.set(clientId, due);
      inFlight.push(send(clientId).then((r) => r.status !== 201 && failures.push(r.status)));
    }
    // Below the asked rate only if this process could not keep the schedule.
    const offeredRate = ctx.options.deliveryMessages / ((performance.now() - origin) / 1000);
    await Promise.all(inFlight);
    const steady: number[] = [];
    let steadyLost = 0;
    for (const [clientId, due] of scheduled) {
      const arrived = await arrivals.wait(clientId, LOST_AFTER_MS);
      if (arrived === null) steadyLost++;
      else steady.push(arrived - due);
    }
    if (failures.length > 0) throw new Error(`delivery: ${failures.length} POSTs at a steady rate failed (HTTP ${failures[0]})`);

    const one = summarize(sequential);
    const rated = summarize(steady);
    return {
      rows: [
        deliveryRow("2. delivery, one at a time (POST → recipient)", one, ctx.floor, sequentialLost),
        deliveryRow(`2. delivery at a steady ${ctx.options.deliveryRate} msg/s`, rated, ctx.floor, steadyLost),
      ],
      data: {
        oneAtATime: { latencyMs: one, postResponseMs: summarize(responseTimes), lost: sequentialLost },
        steady: { rate: ctx.options.deliveryRate, latencyMs: rated, lost: steadyLost, offeredRate },
        duplicates: arrivals.duplicates,
      },
    };
  } finally {
    client.disconnect();
  }
}
