import type Pusher from "pusher-js";
import { userChannel } from "@/lib/realtime/channels";
import { formatCount, openFilesLimit } from "@/tests/support/report";
import { mapConcurrently, sleep } from "@/tests/support/async";
import { residentMegabytes } from "@/tests/support/processes";
import { connect, countOccupiedChannels, disconnectAll, signInViaRoute, subscribe, viaRoute } from "@/tests/support/realtime";
import { seedUsers } from "@/tests/support/seed";
import type { BenchContext, Row, ScenarioResult } from "../types";

const STEP = 100;
const SETTLE_MS = 1500;

/**
 * Scenario 7: clients connect in steps, each subscribing to its own private channel through the
 * channel-auth route, as a signed-in browser tab does; Soketi's memory is read at each checkpoint.
 * The ramp stops at the first connection or subscription that fails.
 */
export async function runConnections(ctx: BenchContext): Promise<ScenarioResult> {
  const wanted = ctx.options.connections;
  const pid = ctx.stack.soketiPid();
  if (pid === null) throw new Error("connections: Soketi is not running");
  const limit = openFilesLimit();
  // This process holds one socket per client, and so does Soketi; both run under this limit.
  const limitNote = limit !== null && limit < wanted + 200 ? `open files limit ${limit} caps this run` : null;
  if (limitNote) console.warn(`bench: ${limitNote}; raise it with \`ulimit -n\``);

  const users = await seedUsers(ctx.db, "connections", wanted, ctx.authSecret);
  const checkpoints = [...new Set([1000, 2000].filter((c) => c < wanted).concat(wanted))];
  await sleep(SETTLE_MS);
  const idleMb = residentMegabytes(pid);
  const memory: { connections: number; rssMb: number }[] = [];
  const clients: Pusher[] = [];
  let subscribed = 0;
  let failure: string | null = null;
  const started = performance.now();
  try {
    for (let from = 0; from < wanted && failure === null; from += STEP) {
      const batch = users.slice(from, Math.min(from + STEP, wanted));
      await mapConcurrently(batch, 25, async (user) => {
        try {
          const client = await connect(ctx.realtime, viaRoute(ctx.stack.baseURL, user.cookie), signInViaRoute(ctx.stack.baseURL, user.cookie));
          clients.push(client);
          await subscribe(client, userChannel(user.id));
          subscribed++;
        } catch (error) {
          failure ??= error instanceof Error ? error.message : String(error);
        }
      });
      if (checkpoints.includes(subscribed)) {
        await sleep(SETTLE_MS);
        memory.push({ connections: subscribed, rssMb: residentMegabytes(pid) });
      }
    }
    const rampSeconds = (performance.now() - started) / 1000;
    await sleep(SETTLE_MS);
    // Held: still connected after the ramp, and subscribed.
    const connected = clients.filter((c) => c.connection.state === "connected").length;
    const held = Math.min(connected, subscribed);
    const occupied = await countOccupiedChannels(ctx.trigger, "private-user-");

    const notes = [failure && `stopped: ${failure}`, limitNote].filter(Boolean).map((note) => ` (${note})`);
    const rows: Row[] = [
      {
        scenario: `7. connections held by one Soketi, each subscribed${notes.join("")}`.slice(0, 110),
        value: `${formatCount(held)} of ${formatCount(wanted)}`,
      },
      ...memory.map((m) => ({
        scenario: `7. Soketi memory (RSS) at ${formatCount(m.connections)} connections`,
        value: `${m.rssMb.toFixed(0)} MB (idle ${idleMb.toFixed(0)})`,
      })),
    ];
    return {
      rows,
      data: {
        wanted,
        held,
        subscribedChannelsSeenBySoketi: occupied,
        kbPerConnection: memory.map((m) => ({ connections: m.connections, kb: ((m.rssMb - idleMb) * 1024) / m.connections })),
        failure,
        openFilesLimit: limit,
        idleRssMb: idleMb,
        memory,
        rampSeconds,
      },
    };
  } finally {
    disconnectAll(clients);
    await sleep(500);
  }
}
