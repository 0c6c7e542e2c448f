// `npm run bench`: builds if needed, starts a throw-away stack, runs the scenarios, prints one table
// and writes bench/results/latest.json. See bench/README.md for what each scenario measures.
import { resolve } from "node:path";
import Pusher from "pusher";
import { TEST_AUTH_SECRET, TEST_REALTIME } from "@/tests/support/stack";
import { ensureBuild } from "@/tests/support/build";
import { describeMachine, describeVersions, writeResults } from "@/tests/support/report";
import { withStack } from "@/tests/support/with-stack";
import { parseOptions, type ScenarioName } from "./options";
import { runBrowsers } from "./scenarios/browsers";
import { runConnections } from "./scenarios/connections";
import { runDelivery } from "./scenarios/delivery";
import { runFanout } from "./scenarios/fanout";
import { runFloor } from "./scenarios/floor";
import { runHistory } from "./scenarios/history";
import { runThroughput } from "./scenarios/throughput";
import { measurePageWeight } from "./scenarios/page-weight";
import { formatTable } from "./table";
import type { BenchContext, Row, ScenarioResult } from "./types";

const RESULTS = resolve("bench/results/latest.json");

// In the order they run: the realtime scenarios first, on a small database (the browsers after the
// others, so that eight Chromium pages do not share the machine with them), then the history one
// seeds its million messages.
const SERVER_SCENARIOS: [ScenarioName, (ctx: BenchContext) => Promise<ScenarioResult>][] = [
  ["floor", runFloor],
  ["delivery", runDelivery],
  ["throughput", runThroughput],
  ["fanout", runFanout],
  ["connections", runConnections],
  ["browsers", runBrowsers],
  ["history", runHistory],
];

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const machineBefore = describeMachine();
  console.log(
    `bench: ${options.quick ? "quick" : "full"} run on ${machineBefore.cores} × ${machineBefore.cpu}, ` +
      `load average ${machineBefore.loadAverage.join(" ")}, open files limit ${machineBefore.openFilesLimit ?? "unknown"}`,
  );
  const built = await ensureBuild(options.build);

  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const record = (name: string, result: ScenarioResult) => {
    rows.push(...result.rows);
    data[name] = result.data;
  };
  const fail = (name: string, error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    errors[name] = message;
    rows.push({ scenario: `${name}: FAILED (${error instanceof Error ? error.message : String(error)})`.slice(0, 110) });
    console.error(`bench: ${name} failed:\n${message}`);
  };

  if (options.only.includes("weight")) {
    try {
      record("weight", measurePageWeight());
    } catch (error) {
      fail("weight", error);
    }
  }

  let sqlite: string | null = null;
  const wanted = SERVER_SCENARIOS.filter(([name]) => options.only.includes(name));
  if (wanted.length > 0) {
    await withStack({ log: Boolean(process.env.BENCH_LOG), appNodeArgs: options.profile ? profileArgs() : [] }, async (stack, db) => {
      sqlite = (await db.$client.execute("SELECT sqlite_version() AS v")).rows[0]?.v as string;
      const ctx: BenchContext = {
        options,
        stack,
        db,
        realtime: { port: stack.soketiPort, key: TEST_REALTIME.key },
        trigger: new Pusher({ ...TEST_REALTIME, host: "127.0.0.1", port: String(stack.soketiPort), useTLS: false }),
        authSecret: TEST_AUTH_SECRET,
      };
      for (const [name, run] of wanted) {
        const started = performance.now();
        console.log(`bench: ${name}…`);
        try {
          record(name, await run(ctx));
        } catch (error) {
          fail(name, error);
        }
        console.log(`bench: ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    });
  }

  const table = formatTable(rows);
  console.log(`\n${table}\n`);
  const machineAfter = describeMachine();
  writeResults(RESULTS, {
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    mode: options.quick ? "quick" : "full",
    builtThisRun: built,
    machine: { ...machineBefore, loadAverageBefore: machineBefore.loadAverage, loadAverageAfter: machineAfter.loadAverage },
    versions: describeVersions(sqlite),
    options,
    table,
    rows,
    scenarios: data,
    errors,
  });
  console.log(`bench: results written to ${RESULTS}`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

/** --profile: the app's process writes a V8 CPU profile when it exits (open it in Chrome DevTools or speedscope). */
function profileArgs(): string[] {
  const dir = resolve("bench/results/profiles");
  console.log(`bench: the app's CPU profile goes to ${dir}`);
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
