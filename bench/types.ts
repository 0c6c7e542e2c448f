import type Pusher from "pusher";
import type { Database } from "@/db/client";
import type { Stack } from "@/tests/support/stack";
import type { Summary } from "@/tests/support/stats";
import type { RealtimeTarget } from "@/tests/support/realtime";
import type { Options } from "./options";

export type BenchContext = {
  options: Options;
  stack: Stack;
  /** The bench's own connection: seeding and checking, never a measured path. */
  db: Database;
  realtime: RealtimeTarget;
  /** The pusher server SDK on the run's Soketi, for the transport floor. */
  trigger: Pusher;
  authSecret: string;
  /** Scenario 1's result, once it has run: every latency is also given as a multiple of it. */
  floor?: Summary;
};

/** One line of the printed table. Latencies are in milliseconds; `value` replaces them for single figures. */
export type Row = {
  scenario: string;
  summary?: Summary;
  value?: string;
  /** Multiples of the transport floor (p50 / p99), when there is one to compare with. */
  ratio?: string;
  target?: string;
  met?: boolean;
};

export type ScenarioResult = { rows: Row[]; data: Record<string, unknown> };
