import { randomUUID } from "node:crypto";
import type { MessageDTO } from "@/lib/dto";
import { conversationChannel } from "@/lib/realtime/channels";
import type { PartialMessage } from "@/lib/realtime/events";
import { summarize } from "@/tests/support/stats";
import { mapConcurrently, sleep, waitUntil } from "@/tests/support/async";
import { floorPayload, messageBody, postMessage } from "@/tests/support/messages";
import { connect, disconnectAll, signInViaRoute, subscribe, viaRoute } from "@/tests/support/realtime";
import { seedGroup, seedUsers } from "@/tests/support/seed";
import { boundRow, TARGETS } from "../targets";
import type { BenchContext, ScenarioResult } from "../types";

const WARMUP = 2;
const LOST_AFTER_MS = 10_000;
const PAUSE_MS = 200;

type Round = { start: number; count: number; first: number; last: number };

/**
 * Scenario 4: one member posts to a group whose every member has a pusher-js client subscribed
 * through the channel-auth route; the figure is the time until the last of them has the message.
 * The same is then done with the SDK triggering directly, to separate the app's share from the
 * cost of Soketi's fan-out and of this one process receiving every copy.
 */
export async function runFanout(ctx: BenchContext): Promise<ScenarioResult> {
  const { baseURL } = ctx.stack;
  const size = ctx.options.groupSize;
  const members = await seedUsers(ctx.db, "fanout", size, ctx.authSecret);
  const groupId = await seedGroup(ctx.db, "Bench group", members);
  const channelName = conversationChannel(groupId);

  const rounds = new Map<string, Round>();
  const arrive = (key: string) => {
    const round = rounds.get(key);
    if (!round) return;
    const now = performance.now();
    if (round.count === 0) round.first = now;
    round.count++;
    round.last = now;
  };
  const connectStart = performance.now();
  const clients = await mapConcurrently(members, 16, async (member) => {
    const client = await connect(ctx.realtime, viaRoute(baseURL, member.cookie), signInViaRoute(baseURL, member.cookie));
    const channel = await subscribe(client, channelName);
    channel.bind("message.created", (payload: MessageDTO | PartialMessage) => "clientId" in payload && arrive(payload.clientId));
    channel.bind("bench.floor", (payload: { clientId: string }) => arrive(payload.clientId));
    return client;
  });
  const connectSeconds = (performance.now() - connectStart) / 1000;

  try {
    const measure = async (send: (key: string, i: number) => Promise<void>) => {
      const first: number[] = [];
      const last: number[] = [];
      let missing = 0;
      for (let i = 0; i < WARMUP + ctx.options.fanoutMessages; i++) {
        const key = randomUUID();
        const round: Round = { start: performance.now(), count: 0, first: 0, last: 0 };
        rounds.set(key, round);
        await Promise.all([send(key, i), waitUntil(() => round.count >= size, LOST_AFTER_MS)]);
        if (i >= WARMUP) {
          missing += size - round.count;
          if (round.count > 0) {
            first.push(round.first - round.start);
            last.push(round.last - round.start);
          }
        }
        await sleep(PAUSE_MS);
      }
      return { first: summarize(first), last: summarize(last), missing };
    };

    const viaApp = await measure(async (clientId, i) => {
      const response = await postMessage(baseURL, members[0]!.cookie, groupId, clientId, messageBody(i));
      if (response.status !== 201) throw new Error(`fan-out: POST answered HTTP ${response.status}`);
    });
    const direct = await measure(async (clientId, i) => {
      await ctx.trigger.trigger(channelName, "bench.floor", { ...floorPayload(i), clientId });
    });

    const missingNote = viaApp.missing ? `; ${viaApp.missing} copies missing` : "";
    return {
      rows: [
        {
          ...boundRow(`4. fan-out to ${size} members: last client`, viaApp.last, ctx.floor, TARGETS.fanoutLastMs),
          ...(viaApp.missing ? { met: false, target: `p50 < ${TARGETS.fanoutLastMs} ms${missingNote}` } : {}),
        },
        boundRow(`4. fan-out to ${size} members: first client`, viaApp.first, ctx.floor, null),
        boundRow(`4. fan-out floor (SDK trigger): last client`, direct.last, ctx.floor, null),
      ],
      data: { members: size, connectAndSubscribeSeconds: connectSeconds, viaApp, directTrigger: direct },
    };
  } finally {
    disconnectAll(clients);
  }
}
