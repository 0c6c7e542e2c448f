import { parseArgs } from "node:util";

export type LoadOptions = {
  short: boolean;
  build: boolean;
  users: number;
  seconds: number;
  /** Mean seconds between two sends of one user; each gap is drawn from half to one and a half times it. */
  interval: number;
  /** Share of the users who are also in a group of 5–10 (everyone has a direct chat). */
  groupShare: number;
  /** Share of the users whose WebSocket drops once for 1–3 s mid-run (HTTP still works): they must catch up. */
  drops: number;
  /** Seed of the pseudo-random pairing, grouping and pacing: runs with the same seed send the same schedule. */
  seed: number;
  /** When in the run (a share of it) the realtime server is killed (SIGKILL) and started again; 0 for never. */
  restartAt: number;
  /** How long it stays down, in seconds. */
  restartDown: number;
};

// The run; --short is what CI runs: the same population, a quarter of the time.
const FULL = { users: 400, seconds: 60, interval: 5, groupShare: 0.3, drops: 0.1, seed: 7, restartAt: 0.5, restartDown: 2 };
const SHORT: typeof FULL = { ...FULL, seconds: 15 };

export const USAGE = `npm run test:load [-- options]

  --short          ${SHORT.seconds} s instead of ${FULL.seconds} s (what CI runs)
  --build          run \`npm run build\` even when the build looks current
  --users N        simulated users, default ${FULL.users}
  --seconds N      how long they send, default ${FULL.seconds} (short ${SHORT.seconds})
  --interval S     mean seconds between one user's sends, default ${FULL.interval}
  --group-share F  share of users also in a group of 5–10, default ${FULL.groupShare}
  --drops F        share of users whose WebSocket drops once for 1–3 s, default ${FULL.drops}
  --seed N         pairing, grouping and pacing seed, default ${FULL.seed}
  --restart-at F   kill Soketi (SIGKILL) this far into the run and start it again, default ${FULL.restartAt} (0: never)
  --restart-down S seconds Soketi stays down, default ${FULL.restartDown}`;

export function parseLoadOptions(argv: string[]): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      short: { type: "boolean", default: false },
      build: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      users: { type: "string" },
      seconds: { type: "string" },
      interval: { type: "string" },
      "group-share": { type: "string" },
      drops: { type: "string" },
      seed: { type: "string" },
      "restart-at": { type: "string" },
      "restart-down": { type: "string" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const base = values.short ? SHORT : FULL;
  const number = (flag: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !valid(n)) throw new Error(`--${flag}: "${raw}" is out of range (see --help)`);
    return n;
  };
  return {
    short: Boolean(values.short),
    build: Boolean(values.build),
    users: number("users", values.users, base.users, (n) => Number.isInteger(n) && n >= 10),
    seconds: number("seconds", values.seconds, base.seconds, (n) => n > 0),
    interval: number("interval", values.interval, base.interval, (n) => n > 0),
    groupShare: number("group-share", values["group-share"], base.groupShare, (n) => n >= 0 && n <= 1),
    drops: number("drops", values.drops, base.drops, (n) => n >= 0 && n <= 1),
    seed: number("seed", values.seed, base.seed, Number.isInteger),
    restartAt: number("restart-at", values["restart-at"], base.restartAt, (n) => n >= 0 && n < 1),
    restartDown: number("restart-down", values["restart-down"], base.restartDown, (n) => n >= 0),
  };
}
