import { formatCount, markdownTable, ms } from "@/tests/support/report";
import type { Summary } from "@/tests/support/stats";
import type { Verdict } from "./verify";

export type RunFigures = {
  users: number;
  drops: number;
  /** Users who lost their connection at some point: those dropped on purpose, and all of them in a restart. */
  dropped: number;
  direct: number;
  groups: number;
  groupMembers: number;
  subscriptions: number;
  /** Distinct conversations some user has open: the conversation channels Soketi should hold. */
  openChats: number;
  connectSeconds: number;
  occupied: { user: number; conversation: number };
  seconds: number;
  interval: number;
  sends: number;
  offeredPerSecond: number;
  heldPerSecond: number;
  latency: Summary;
  acceptLatency: Summary;
  activity: Record<"stayed" | "dropped", { received: number; expected: number }>;
  httpErrors: Record<string, number>;
  slow: Record<string, number>;
  realtimeErrors: Record<string, number>;
  publishFailures: number;
  overlaps: number;
  republished: number;
  cpuMsPerMessage: { app: number; soketi: number; bench: number };
  /** Requests the users made to the app by route, from the first send until everything settled. */
  requests: Record<string, number>;
  /** And while connecting (each user's first subscriptions, list and catch-up). */
  requestsAtConnect: Record<string, number>;
  eventLoopDelayMs: { p99: number; max: number };
  /** The realtime server killed and started again mid-run, and the herd of reconnects after it. */
  restart: {
    downSeconds: number;
    users: number;
    caughtUp: number;
    /** From the realtime server being back until the last user's list and open chat were up to date. */
    caughtUpSeconds: number | null;
    resubscribedSeconds: Summary;
    syncedSeconds: Summary;
    /** Of messages sent from the kill until the last user caught up. */
    delivery: Summary;
    accept: Summary;
    /** Requests per user from the kill until the last caught up, for the routes a reconnect makes. */
    requestsPerUser: Record<string, number>;
    shed: Record<string, number>;
  } | null;
};

export type Line = { what: string; figure: string; ok?: boolean };

const rate = (x: number) => `${x.toFixed(1)} msg/s`;
const errors = (byKind: Record<string, number>) =>
  Object.keys(byKind).length === 0
    ? "none"
    : Object.entries(byKind)
        .map(([kind, n]) => `${kind} ×${formatCount(n)}`)
        .join(", ");

const percentiles = (s: Summary) => `p50 ${ms(s.p50)} · p95 ${ms(s.p95)} · p99 ${ms(s.p99)} · max ${ms(s.max)} ms (${formatCount(s.count)})`;

/**
 * The lines of the summary. `ok` is set on checks only: a loss, a duplicate or an error fails the
 * run; speed is reported and never judged.
 */
export function summaryLines(run: RunFigures, verdict: Verdict): Line[] {
  const zero = (n: number) => ({ figure: formatCount(n), ok: n === 0 });
  return [
    {
      what: "Users",
      figure: `${formatCount(run.users)}: ${formatCount(run.direct)} direct chats, ${run.groups} groups of 5–10 (${run.groupMembers} members)`,
    },
    {
      what: "Connections (own channel, the open chat's, typing hints' presence channels)",
      figure:
        `${formatCount(run.subscriptions)} subscriptions in ${run.connectSeconds.toFixed(1)} s; Soketi holds ` +
        `${formatCount(run.occupied.user)} user and ${formatCount(run.occupied.conversation)} conversation channels ` +
        `(${formatCount(run.openChats)} chats are open)`,
    },
    { what: "Dropped WebSockets (on purpose)", figure: `${formatCount(run.drops)} users, once each for 1–3 s mid-run; HTTP stays up` },
    ...restartLines(run),
    {
      what: "Offered",
      figure: `${rate(run.offeredPerSecond)} (${formatCount(run.sends)} sends in ${run.seconds} s, each user every ${run.interval / 2}–${(run.interval * 3) / 2} s)`,
    },
    { what: "Held (accepted)", figure: `${rate(run.heldPerSecond)} (${formatCount(verdict.accepted)} accepted)` },
    { what: "Delivery latency, send → each recipient", figure: percentiles(run.latency) },
    // Where the time goes: the HTTP answer alone, retries included.
    { what: "Send → accepted (HTTP 201)", figure: percentiles(run.acceptLatency) },
    {
      what: "Receipts (every other member who has the chat open)",
      figure:
        `${formatCount(verdict.expectedReceipts)}: ${formatCount(verdict.live)} live, ${formatCount(verdict.caughtUp)} by catch-up ` +
        `(merged by id: ${formatCount(run.overlaps)} catch-up repeats, ${formatCount(run.republished)} retried sends announced again); ` +
        `${formatCount(verdict.activityOnly)} more to members with another chat open, by activity only`,
    },
    {
      what: "Lost (stored, not received by a member)",
      figure: verdict.lost === 0 ? "0" : `${formatCount(verdict.lost)} (${formatCount(verdict.lostByDropped)} by users whose connection dropped)`,
      ok: verdict.lost === 0,
    },
    { what: "Duplicated (one id delivered twice to a member)", ...zero(verdict.duplicated) },
    { what: "Stored twice (sender, clientId)", ...zero(verdict.storedTwice) },
    { what: "Accepted but not stored", ...zero(verdict.acceptedNotStored) },
    { what: "Stored without an accepted send / unknown", ...zero(verdict.storedNotAccepted + verdict.unknownStored) },
    { what: "Received but not stored / misrouted", ...zero(verdict.unknownReceived + verdict.misrouted) },
    { what: "Sends given up after retries", ...zero(verdict.gaveUp) },
    {
      // Those who dropped miss some by design: their conversation list reloads when they resubscribe.
      what: "Activity events on own channel: stayed connected / dropped",
      figure:
        `${formatCount(run.activity.stayed.received)} of ${formatCount(run.activity.stayed.expected)} / ` +
        `${formatCount(run.activity.dropped.received)} of ${formatCount(run.activity.dropped.expected)}`,
      ok: run.activity.stayed.received === run.activity.stayed.expected && run.activity.dropped.received <= run.activity.dropped.expected,
    },
    {
      what: "Dropped users' list fetched again once their channel was back",
      figure: `${formatCount(run.dropped - verdict.droppedWithoutRefetch)} of ${formatCount(run.dropped)}`,
      ok: verdict.droppedWithoutRefetch === 0,
    },
    { what: "HTTP errors", figure: errors(run.httpErrors), ok: Object.keys(run.httpErrors).length === 0 },
    // Overload, not failure: each was retried with the same clientId, and the checks above count the outcome.
    { what: "Requests timed out and retried", figure: errors(run.slow) },
    { what: "Realtime errors", figure: errors(run.realtimeErrors), ok: Object.keys(run.realtimeErrors).length === 0 },
    // While the realtime server is down the app's publishes fail by design: the clients catch up.
    run.restart
      ? { what: "Realtime publish failures (server log; the realtime server was down)", figure: formatCount(run.publishFailures) }
      : { what: "Realtime publish failures (server log)", ...zero(run.publishFailures) },
    {
      what: "CPU per accepted message: app / Soketi / load test",
      figure: `${run.cpuMsPerMessage.app.toFixed(1)} / ${run.cpuMsPerMessage.soketi.toFixed(1)} / ${run.cpuMsPerMessage.bench.toFixed(1)} ms`,
    },
    ...requestLines(run, verdict.accepted),
    {
      // This process's own lateness is inside every latency above.
      what: "Load test's event-loop delay",
      figure: `p99 ${ms(run.eventLoopDelayMs.p99)} · max ${ms(run.eventLoopDelayMs.max)} ms`,
    },
  ];
}

/** The realtime restart and its storm: how long until everyone caught up, and what it cost. */
function restartLines(run: RunFigures): Line[] {
  const r = run.restart;
  if (!r) return [];
  const total = Object.values(r.requestsPerUser).reduce((a, b) => a + b, 0);
  return [
    {
      what: "Realtime server killed (SIGKILL) and started again",
      figure:
        `down ${r.downSeconds.toFixed(1)} s; ${formatCount(r.caughtUp)} of ${formatCount(r.users)} users caught up` +
        (r.caughtUpSeconds === null ? "" : ` ${r.caughtUpSeconds.toFixed(1)} s after it was back (list and open chat)`),
      ok: r.caughtUp === r.users,
    },
    {
      what: "  Seconds after it was back: subscribed again / caught up",
      figure: `p50 ${r.resubscribedSeconds.p50.toFixed(1)} · max ${r.resubscribedSeconds.max.toFixed(1)} / p50 ${r.syncedSeconds.p50.toFixed(1)} · max ${r.syncedSeconds.max.toFixed(1)}`,
    },
    { what: "  Delivery latency of messages sent during the storm", figure: percentiles(r.delivery) },
    { what: "  Send → accepted during the storm", figure: percentiles(r.accept) },
    {
      what: "  App requests per reconnecting user",
      figure: `${total.toFixed(2)}: ${Object.entries(r.requestsPerUser)
        .map(([route, n]) => `${route} ${n.toFixed(2)}`)
        .join(", ")}`,
    },
    { what: "  Catch-ups shed by the busy server (429, asked again)", figure: errors(r.shed) },
  ];
}

/** What the users cost the app per accepted message, by route, as real browsers would (tests/load/README.md). */
function requestLines(run: RunFigures, accepted: number): Line[] {
  const per = (n: number) => (accepted > 0 ? (n / accepted).toFixed(2) : "—");
  const total = Object.values(run.requests).reduce((a, b) => a + b, 0);
  const atConnect = Object.entries(run.requestsAtConnect)
    .map(([route, n]) => `${route} ${(n / run.users).toFixed(2)}`)
    .join(", ");
  return [
    { what: "App requests per accepted message (first send until settled)", figure: `${per(total)} (${formatCount(total)})` },
    ...Object.entries(run.requests).map(([route, n]) => ({ what: `  ${route}`, figure: `${per(n)} (${formatCount(n)})` })),
    { what: "App requests per user while connecting", figure: atConnect || "none" },
  ];
}

export function formatSummary(lines: Line[]): string {
  return markdownTable(
    ["What", "Figure", "Check"],
    lines.map((l) => [l.what, l.figure, l.ok === undefined ? "" : l.ok ? "ok" : "FAIL"]),
  );
}
