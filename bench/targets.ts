import type { Summary } from "@/tests/support/stats";
import type { Row } from "./types";

/** The issues' targets (#6, and #12 for the send path), in one place, so the table and the JSON can never disagree. */
export const TARGETS = {
  deliveryP50xFloor: 2,
  deliveryP99xFloor: 3,
  /** Accepted and delivered, with the 20 closed-loop senders of issue #12 (`--senders 20`). */
  messagesPerSecond: 600,
  /** Delivery p99 under that throughput load. */
  loadP99Ms: 50,
  /** The app server's CPU time (user + system) per accepted message under that load. */
  appCpuMsPerMessage: 1.5,
  /** Requests the browsers of a group's open members make to the app, per message sent. */
  browserRequestsPerMessage: 1.5,
  fanoutLastMs: 100,
  /** Every history query, at every size (issue 20), and how much it may grow from the smallest to the largest. */
  historyDalMs: 5,
  historyGrowth: 2,
  chatPageKb: 160,
} as const;

export type FloorRatio = { p50: number; p99: number };

export function ratioToFloor(summary: Summary, floor: Summary | undefined): FloorRatio | null {
  if (!floor || summary.count === 0) return null;
  return { p50: summary.p50 / floor.p50, p99: summary.p99 / floor.p99 };
}

export function formatRatio(ratio: FloorRatio | null): string | undefined {
  return ratio ? `${ratio.p50.toFixed(1)}× / ${ratio.p99.toFixed(1)}×` : undefined;
}

/** A latency row held against the floor: p50 within 2× the floor's p50, p99 within 3× its p99. */
export function deliveryRow(scenario: string, summary: Summary, floor: Summary | undefined, lost: number): Row {
  const ratio = ratioToFloor(summary, floor);
  return {
    scenario,
    summary,
    ratio: formatRatio(ratio),
    target: `p50 ≤ ${TARGETS.deliveryP50xFloor}×, p99 ≤ ${TARGETS.deliveryP99xFloor}× floor${lost ? `; ${lost} lost` : ""}`,
    met: ratio ? ratio.p50 <= TARGETS.deliveryP50xFloor && ratio.p99 <= TARGETS.deliveryP99xFloor && lost === 0 : undefined,
  };
}

/** A latency row held against an absolute bound on its median (the typical time; p95/p99 stay in view). */
export function boundRow(scenario: string, summary: Summary, floor: Summary | undefined, bound: number | null): Row {
  return {
    scenario,
    summary,
    ratio: formatRatio(ratioToFloor(summary, floor)),
    target: bound === null ? undefined : `p50 < ${bound} ms`,
    met: bound === null ? undefined : summary.p50 < bound,
  };
}
