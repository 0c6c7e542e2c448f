import { parseArgs } from "node:util";

export const SCENARIOS = ["weight", "floor", "delivery", "throughput", "fanout", "connections", "browsers", "history"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export type Options = {
  quick: boolean;
  build: boolean;
  profile: boolean;
  only: ScenarioName[];
  /** The history scenario runs once per factor, its messages and conversations multiplied by it. */
  scale: number[];
  floorMessages: number;
  deliveryMessages: number;
  deliveryRate: number;
  senders: number;
  seconds: number;
  groupSize: number;
  fanoutMessages: number;
  connections: number;
  browserMembers: number;
  browserMessages: number;
  browserRate: number;
  messages: number;
  conversations: number;
  depth: number;
  historyRuns: number;
};

// The issues' sizes; --quick keeps every scenario but shrinks it so the whole run takes a minute or two.
const FULL = {
  floorMessages: 2000,
  deliveryMessages: 2000,
  deliveryRate: 200,
  senders: 20,
  seconds: 10,
  groupSize: 500,
  fanoutMessages: 20,
  connections: 2000,
  browserMembers: 8,
  browserMessages: 50,
  browserRate: 5,
  messages: 1_000_000,
  conversations: 1000,
  depth: 10_000,
  historyRuns: 200,
};
const QUICK: typeof FULL = {
  floorMessages: 200,
  deliveryMessages: 150,
  deliveryRate: 200,
  senders: 20,
  seconds: 3,
  groupSize: 100,
  fanoutMessages: 5,
  connections: 150,
  browserMembers: 8,
  browserMessages: 20,
  browserRate: 5,
  messages: 20_000,
  conversations: 100,
  depth: 1000,
  historyRuns: 20,
};

const FLAGS: Record<keyof typeof FULL, string> = {
  floorMessages: "floor-messages",
  deliveryMessages: "delivery-messages",
  deliveryRate: "delivery-rate",
  senders: "senders",
  seconds: "seconds",
  groupSize: "group-size",
  fanoutMessages: "fanout-messages",
  connections: "connections",
  browserMembers: "browser-members",
  browserMessages: "browser-messages",
  browserRate: "browser-rate",
  messages: "messages",
  conversations: "conversations",
  depth: "depth",
  historyRuns: "history-runs",
};

export const USAGE = `npm run bench [-- options]

  --quick                 every scenario, small sizes (a minute or two)
  --only a,b              run some scenarios: ${SCENARIOS.join(", ")}
  --build                 run \`next build\` even when the build looks current
  --profile               write a CPU profile of the app's server to bench/results/profiles
  --scale a,b             the history scenario once per factor, sizes multiplied by it: default 1,10, quick 1
${Object.entries(FLAGS)
  .map(([key, flag]) => `  --${flag.padEnd(22)}default ${FULL[key as keyof typeof FULL]}, quick ${QUICK[key as keyof typeof FULL]}`)
  .join("\n")}`;

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      build: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      only: { type: "string" },
      scale: { type: "string" },
      help: { type: "boolean", default: false },
      ...Object.fromEntries(Object.values(FLAGS).map((flag) => [flag, { type: "string" as const }])),
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const base = values.quick ? QUICK : FULL;
  const sizes = { ...base };
  for (const [key, flag] of Object.entries(FLAGS) as [keyof typeof FULL, string][]) {
    const raw = (values as Record<string, unknown>)[flag];
    if (typeof raw !== "string") continue;
    const n = Number(raw.replaceAll("_", ""));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${flag} must be a positive integer, got "${raw}"`);
    sizes[key] = n;
  }
  const only = values.only ? values.only.split(",").map((s) => s.trim()) : [...SCENARIOS];
  for (const name of only) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`Unknown scenario "${name}". Known: ${SCENARIOS.join(", ")}`);
  }
  const scale = (values.scale ?? (values.quick ? "1" : "1,10")).split(",").map((s) => Number(s.trim()));
  for (const factor of scale) {
    if (!Number.isInteger(factor) || factor <= 0) throw new Error(`--scale takes positive integers, got "${values.scale}"`);
  }
  if (sizes.conversations < 2) throw new Error("--conversations must be at least 2");
  if (sizes.browserMembers < 2) throw new Error("--browser-members must be at least 2: one sends, the others receive");
  return {
    quick: Boolean(values.quick),
    build: Boolean(values.build),
    profile: Boolean(values.profile),
    only: only as ScenarioName[],
    scale,
    ...sizes,
  };
}
