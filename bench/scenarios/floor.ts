import { randomUUID } from "node:crypto";
import { summarize } from "@/tests/support/stats";
import { floorPayload } from "@/tests/support/messages";
import { connect, subscribe } from "@/tests/support/realtime";
import { Arrivals } from "../support/arrivals";
import type { BenchContext, ScenarioResult } from "../types";

const WARMUP = 50;
const LOST_AFTER_MS = 5000;

/**
 * Scenario 1: the server SDK triggers straight on Soketi and a pusher-js client receives. No app is
 * involved, so this is the least any delivery through the app can cost on this machine, right now.
 */
export async function runFloor(ctx: BenchContext): Promise<ScenarioResult> {
  const channelName = `private-bench-floor-${randomUUID()}`;
  // Signed locally: the floor leaves the app out entirely, its channel-auth route included.
  const client = await connect(
    ctx.realtime,
    async (socketId, channel) => ctx.trigger.authorizeChannel(socketId, channel),
    async (socketId) => ctx.trigger.authenticateUser(socketId, { id: "bench-floor" }),
  );
  try {
    const channel = await subscribe(client, channelName);
    const arrivals = new Arrivals();
    channel.bind("bench.floor", (payload: { clientId: string }) => arrivals.record(payload.clientId));

    const samples: number[] = [];
    let lost = 0;
    for (let i = 0; i < WARMUP + ctx.options.floorMessages; i++) {
      const payload = floorPayload(i);
      const start = performance.now();
      await ctx.trigger.trigger(channelName, "bench.floor", payload);
      const arrived = await arrivals.wait(payload.clientId, LOST_AFTER_MS);
      if (i < WARMUP) continue;
      if (arrived === null) lost++;
      else samples.push(arrived - start);
    }
    const summary = summarize(samples);
    ctx.floor = summary;
    return {
      rows: [{ scenario: "1. transport floor (SDK → Soketi → pusher-js)", summary, ratio: "1× / 1×" }],
      data: { latencyMs: summary, lost, duplicates: arrivals.duplicates },
    };
  } finally {
    client.disconnect();
  }
}
