// `npm run test:load`: hundreds of simulated users with real pusher-js connections send over HTTP
// in direct chats and groups against the real stack; fails on any lost or duplicated message or any
// error, never on a speed figure. See tests/load/README.md.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Pusher from "pusher";
import type { Database } from "@/db/client";
import { ensureBuild } from "@/tests/support/build";
import { describeMachine, describeVersions, formatCount, writeResults } from "@/tests/support/report";
import { summarize } from "@/tests/support/stats";
import { mapConcurrently, sleep, waitUntil } from "@/tests/support/async";
import { cpuMeter } from "@/tests/support/processes";
import { countOccupiedChannels } from "@/tests/support/realtime";
import { TEST_AUTH_SECRET, TEST_REALTIME, type Stack } from "@/tests/support/stack";
import { withStack } from "@/tests/support/with-stack";
import { Ledger } from "./ledger";
import { parseLoadOptions, type LoadOptions } from "./options";
import { seededRandom, seedPopulation, shuffled, type Population } from "./population";
import { ROUTES, SimulatedUser } from "./simulated-user";
import { formatSummary, summaryLines, type RunFigures } from "./summary";
import { verify, type LostReceipt } from "./verify";

const RESULTS = resolve("tests/load/results/latest.json");
// Connecting in batches: all at once would measure a stampede on the channel-auth route, which a
// real population never makes (and which the benchmark's connections scenario covers).
const CONNECT_CONCURRENCY = 25;
// After the last send: how long every receipt may take to arrive before it counts as lost.
const DRAIN_MS = 30_000;
// And a moment more, so that a duplicate arriving after the last original is still counted.
const SETTLE_MS = 1000;

async function main(): Promise<number> {
  const options = parseLoadOptions(process.argv.slice(2));
  const startedAt = new Date();
  const machine = describeMachine();
  console.log(
    `load: ${options.short ? "short" : "full"} run, ${options.users} users for ${options.seconds} s, on ` +
      `${machine.cores} × ${machine.cpu}, load average ${machine.loadAverage.join(" ")}`,
  );
  // This process and Soketi each hold one socket per user.
  if (machine.openFilesLimit !== null && machine.openFilesLimit < options.users + 200) {
    throw new Error(`the open files limit (${machine.openFilesLimit}) is too low for ${options.users} users: raise it with \`ulimit -n\``);
  }
  const built = await ensureBuild(options.build, "load");

  return withStack({ log: Boolean(process.env.LOAD_LOG) }, async (stack, db) => {
    const { figures, verdict, lines } = await run(options, stack, db);
    const table = formatSummary(lines);
    console.log(`\n${table}\n`);
    const failed = lines.filter((l) => l.ok === false).map((l) => l.what);
    writeResults(RESULTS, {
      date: startedAt.toISOString(),
      durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      mode: options.short ? "short" : "full",
      builtThisRun: built,
      machine: { ...machine, loadAverageBefore: machine.loadAverage, loadAverageAfter: describeMachine().loadAverage },
      versions: describeVersions(null),
      options,
      table,
      figures,
      verdict,
      failed,
    });
    console.log(`load: results written to ${RESULTS}`);
    if (failed.length > 0) console.error(`load: FAILED: ${failed.join("; ")}`);
    else console.log("load: passed: nothing lost, nothing duplicated, no errors");
    return failed.length > 0 ? 1 : 0;
  });
}

async function run(options: LoadOptions, stack: Stack, db: Database) {
  const t = performance.now();
  const elapsed = () => `${((performance.now() - t) / 1000).toFixed(1)} s`;
  const population = await seedPopulation(db, options, seededRandom(options.seed), TEST_AUTH_SECRET);
  const groups = population.conversations.filter((c) => c.kind === "group");
  console.log(
    `load: seeded ${population.users.length} users, ${population.conversations.length - groups.length} direct chats ` +
      `and ${groups.length} groups (${elapsed()})`,
  );

  const ledger = new Ledger();
  const target = {
    baseURL: stack.baseURL,
    realtime: { port: stack.soketiPort, key: TEST_REALTIME.key },
    ledger,
  };
  const users = population.users.map((u) => new SimulatedUser(u, population.conversationsOf.get(u.id)!, population.openOf.get(u.id)!, target));
  const openChats = new Set([...population.openOf.values()].map((c) => c.id)).size;
  try {
    const connectStarted = performance.now();
    const subscriptions = (await mapConcurrently(users, CONNECT_CONCURRENCY, (u) => u.connect())).reduce((a, b) => a + b, 0);
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    // Soketi's own count: subscriptions it holds, not ones this process believes in.
    const server = new Pusher({ ...TEST_REALTIME, host: "127.0.0.1", port: String(stack.soketiPort), useTLS: false });
    const occupied = {
      user: await countOccupiedChannels(server, "private-user-"),
      conversation: await countOccupiedChannels(server, "private-conversation-"),
    };
    if (occupied.user !== users.length || occupied.conversation !== openChats) {
      throw new Error(
        `Soketi holds ${occupied.user} of ${users.length} user channels and ${occupied.conversation} of the ` +
          `${openChats} conversation channels of open chats`,
      );
    }
    console.log(`load: ${formatCount(subscriptions)} subscriptions confirmed in ${connectSeconds.toFixed(1)} s (${elapsed()})`);

    console.log(`load: sending for ${options.seconds} s…`);
    const requestsAtConnect = new Map(ledger.requests);
    const cpu = cpuMeter(stack.appPid, stack.soketiPid);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const start = performance.now() + 100;
    const end = start + options.seconds * 1000;
    const progress = setInterval(() => {
      const accepted = ledger.accepted.length;
      console.log(`load: ${((performance.now() - start) / 1000).toFixed(0)} s: ${formatCount(ledger.sends.size)} sent, ${formatCount(accepted)} accepted`);
    }, 10_000);
    let restart: Restart | null = null;
    try {
      await Promise.all([
        ...users.map((u, i) => u.sendUntil(start, end, options.interval, seededRandom(options.seed * 100_003 + i + 1))),
        ...dropSome(users, options, start, end),
        options.restartAt > 0
          ? restartRealtime(stack, users, ledger, options, start + options.restartAt * (end - start), cpu.sample).then((r) => void (restart = r))
          : null,
      ]);
    } finally {
      clearInterval(progress);
    }
    const accepted = ledger.accepted;
    const lastAccepted = Math.max(...accepted.map((s) => s.acceptedAt!));
    console.log(`load: ${formatCount(accepted.length)} of ${formatCount(ledger.sends.size)} sends accepted; waiting for every receipt (${elapsed()})`);

    const expected = expectedFor(population, ledger);
    const stayed = users.filter((u) => !u.dropped).map((u) => u.user.id);
    const activityOf = (ids: string[]) => ({
      received: ids.reduce((n, id) => n + (ledger.activity.get(id) ?? 0), 0),
      expected: ids.reduce((n, id) => n + (expected.activity.get(id) ?? 0), 0),
    });
    const drained = await waitUntil(
      () =>
        stayed.every((id) => (ledger.activity.get(id) ?? 0) >= (expected.activity.get(id) ?? 0)) &&
        expected.receipts.every(([userId, id]) => ledger.receipts.get(userId)?.has(id)),
      DRAIN_MS,
      100,
    );
    if (!drained) console.warn(`load: some receipts still missing after ${DRAIN_MS / 1000} s`);
    await sleep(SETTLE_MS);
    await Promise.all(users.map((u) => u.settled()));
    loop.disable();
    const cpuMsPerMessage = cpu.perMessage(accepted.length);
    const requests = [...ledger.requests]
      .map(([route, n]): [string, number] => [route, n - (requestsAtConnect.get(route) ?? 0)])
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
    ledger.closing = true;

    const verdict = await verify(db, population, ledger, new Set(users.filter((u) => u.dropped).map((u) => u.user.id)));
    explainLosses(verdict.lostExamples, users, ledger, start, restart);
    const figures: RunFigures = {
      users: users.length,
      drops: Math.round(users.length * options.drops),
      dropped: users.filter((u) => u.dropped).length,
      direct: population.conversations.length - groups.length,
      groups: groups.length,
      groupMembers: groups.reduce((n, g) => n + g.memberIds.length, 0),
      subscriptions,
      openChats,
      connectSeconds,
      occupied,
      seconds: options.seconds,
      interval: options.interval,
      sends: ledger.sends.size,
      offeredPerSecond: ledger.sends.size / options.seconds,
      heldPerSecond: accepted.length / ((lastAccepted - start) / 1000),
      latency: summarize(ledger.latencies),
      acceptLatency: summarize(accepted.map((s) => s.acceptedAt! - s.scheduledAt)),
      activity: {
        stayed: activityOf(stayed),
        dropped: activityOf(users.filter((u) => u.dropped).map((u) => u.user.id)),
      },
      httpErrors: Object.fromEntries(ledger.httpErrors),
      slow: Object.fromEntries(ledger.slow),
      realtimeErrors: Object.fromEntries(ledger.realtimeErrors),
      publishFailures: countPublishFailures(stack.serverLog),
      overlaps: ledger.overlaps,
      republished: ledger.republished,
      cpuMsPerMessage,
      // From the first send until every receipt, read mark and refetch was in, retries included.
      requests: Object.fromEntries(requests),
      requestsAtConnect: Object.fromEntries(requestsAtConnect),
      eventLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      restart: restart && stormFigures(restart, ledger, users.length),
    };
    return { figures, verdict, lines: summaryLines(figures, verdict) };
  } finally {
    ledger.closing = true;
    for (const u of users) u.disconnect();
  }
}

/**
 * A share of the users lose their WebSocket once, each at its own moment in the middle of the run;
 * with a realtime restart in the run, before it, so that the restart's storm is measured alone.
 */
function dropSome(users: SimulatedUser[], options: LoadOptions, start: number, end: number): Promise<void>[] {
  const random = seededRandom(options.seed + 1);
  const [from, to] = options.restartAt > 0 ? [0.1, Math.max(0.15, options.restartAt - 0.15)] : [0.2, 0.8];
  return shuffled(users, random)
    .slice(0, Math.round(users.length * options.drops))
    .map(async (user) => {
      const at = start + (from + (to - from) * random()) * (end - start);
      const offMs = 1000 + 2000 * random();
      await sleep(at - performance.now());
      await user.dropConnection(offMs);
    });
}

type Restart = {
  killedAt: number;
  backAt: number;
  /** When the last user had its list and open chat up to date again, or null if one never did. */
  caughtUpAt: number | null;
  caughtUp: number;
  /** Seconds after the server was back, per user: subscribed again, and list and open chat up to date. */
  resubscribed: number[];
  synced: number[];
  /** The users' requests from the kill until the last caught up, by route. */
  requests: Map<string, number>;
};

// Every user should be caught up well within this after the realtime server is back.
const CATCH_UP_LIMIT_MS = 60_000;

/**
 * The realtime server killed as a crash would (SIGKILL) with every user connected, and started
 * again on the same port after `restartDown` s: every browser's pusher-js reconnects, subscribes
 * again and catches up at about the same moment, the herd a node restart causes.
 */
async function restartRealtime(
  stack: Stack,
  users: SimulatedUser[],
  ledger: Ledger,
  options: LoadOptions,
  at: number,
  beforeKill: () => void,
): Promise<Restart> {
  await sleep(at - performance.now());
  for (const u of users) u.expectDrop(true);
  const before = new Map(ledger.requests);
  beforeKill();
  const killedAt = performance.now();
  await stack.killSoketi();
  console.log(`load: Soketi killed; starting it again in ${options.restartDown} s`);
  await sleep(options.restartDown * 1000);
  await stack.startSoketi();
  const backAt = performance.now();
  const synced = (u: SimulatedUser) => Math.min(u.listSyncedAt, u.chatSyncedAt) > backAt;
  const all = await waitUntil(() => users.every(synced), CATCH_UP_LIMIT_MS, 50);
  for (const u of users) u.expectDrop(false);
  const caughtUp = users.filter(synced);
  const caughtUpAt = all ? Math.max(...users.map((u) => Math.max(u.listSyncedAt, u.chatSyncedAt))) : null;
  const requests = new Map([...ledger.requests].map(([route, n]): [string, number] => [route, n - (before.get(route) ?? 0)]));
  console.log(
    `load: Soketi back; ${caughtUp.length} of ${users.length} users caught up` +
      (caughtUpAt === null ? "" : ` ${((caughtUpAt - backAt) / 1000).toFixed(1)} s after it was back`),
  );
  const after = (at: number) => (at - backAt) / 1000;
  return {
    killedAt,
    backAt,
    caughtUpAt,
    caughtUp: caughtUp.length,
    requests,
    resubscribed: caughtUp.map((u) => after(u.resubscribedAt)),
    synced: caughtUp.map((u) => after(Math.max(u.listSyncedAt, u.chatSyncedAt))),
  };
}

/** For each message reported lost: when it was accepted, and what its reader's connection and chat went through. */
function explainLosses(lost: LostReceipt[], users: SimulatedUser[], ledger: Ledger, start: number, restart: Restart | null): void {
  const at = (ms: number) => `${((ms - start) / 1000).toFixed(2)} s`;
  if (lost.length > 0 && restart) console.log(`load: the realtime server was killed at ${at(restart.killedAt)}, back at ${at(restart.backAt)}`);
  for (const { userId, messageId } of lost) {
    const send = ledger.accepted.find((s) => s.acceptedId === messageId);
    console.log(`load: message ${messageId} accepted at ${send ? at(send.acceptedAt!) : "?"} did not reach ${userId}, whose story is:`);
    for (const [when, what] of users.find((u) => u.user.id === userId)?.trace ?? []) console.log(`  ${at(when)}  ${what}`);
  }
}

/** The storm: from the kill until the last user caught up (or the limit). */
function stormFigures(restart: Restart, ledger: Ledger, users: number): NonNullable<RunFigures["restart"]> {
  const until = restart.caughtUpAt ?? restart.backAt + CATCH_UP_LIMIT_MS;
  const inStorm = (at: number) => at >= restart.killedAt && at <= until;
  const accepted = ledger.accepted.filter((s) => inStorm(s.scheduledAt));
  const reconnectRoutes = [ROUTES.userAuth, ROUTES.auth, ROUTES.list, ROUTES.newestPage, ROUTES.catchUp];
  const perUser = Object.fromEntries(reconnectRoutes.map((route) => [route, (restart.requests.get(route) ?? 0) / users]));
  return {
    downSeconds: (restart.backAt - restart.killedAt) / 1000,
    users,
    caughtUp: restart.caughtUp,
    caughtUpSeconds: restart.caughtUpAt === null ? null : (restart.caughtUpAt - restart.backAt) / 1000,
    resubscribedSeconds: summarize(restart.resubscribed),
    syncedSeconds: summarize(restart.synced),
    delivery: summarize(ledger.timedLatencies.filter((l) => inStorm(l.at)).map((l) => l.ms)),
    accept: summarize(accepted.map((s) => s.acceptedAt! - s.scheduledAt)),
    requestsPerUser: perUser,
    shed: Object.fromEntries(ledger.shed),
  };
}

/**
 * Per accepted send, each member other than the sender who has that chat open should receive it,
 * and every member (the sender too) gets one activity event on their own channel.
 */
function expectedFor(population: Population, ledger: Ledger) {
  const members = new Map(population.conversations.map((c) => [c.id, c.memberIds]));
  const receipts: [string, number][] = [];
  const activity = new Map<string, number>();
  for (const send of ledger.accepted) {
    for (const id of members.get(send.conversationId)!) {
      activity.set(id, (activity.get(id) ?? 0) + 1);
      if (id !== send.senderId && population.openOf.get(id)?.id === send.conversationId) receipts.push([id, send.acceptedId!]);
    }
  }
  return { receipts, activity };
}

/** The app logs a publish that Soketi refused or that timed out (lib/realtime/server.ts). */
function countPublishFailures(serverLog: string): number {
  return readFileSync(serverLog, "utf8")
    .split("\n")
    .filter((line) => line.includes("realtime: publishing") && line.includes("failed")).length;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
