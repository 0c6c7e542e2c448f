import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Database } from "@/db";
import { env, type Env } from "@/lib/env";
import { pingRealtime } from "@/lib/realtime/server";

// Under Docker's 5 s health-check timeout even when both checks are slow (they run in parallel).
const TIMEOUT_MS = 3000;

export type Check = { ok: true; ms: number } | { ok: false; ms: number; error: string };
export type HealthReport = { status: "ok" | "unavailable"; checks: { database: Check; realtime: Check } };
export type HealthTargets = { database: () => Promise<Database>; realtime: Env["realtime"] };

/** Whether the app can reach its database and its realtime server right now. */
export async function checkHealth(targets: HealthTargets = { database: getDb, realtime: env().realtime }): Promise<HealthReport> {
  const [database, realtime] = await Promise.all([
    check(async () => {
      const db = await targets.database();
      await db.run(sql`select 1`);
    }),
    check(() => pingRealtime(targets.realtime, TIMEOUT_MS)),
  ]);
  return { status: database.ok && realtime.ok ? "ok" : "unavailable", checks: { database, realtime } };
}

export function healthResponse(report: HealthReport): Response {
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}

async function check(run: () => Promise<void>): Promise<Check> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return { ok: true, ms: ms() };
  } catch (error) {
    return { ok: false, ms: ms(), error: reason(error) };
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {
  constructor() {
    super(`timed out after ${TIMEOUT_MS} ms`);
  }
}

/**
 * A short, public reason: an HTTP status or a network error code, never an error message, because
 * messages can carry URLs with tokens or signatures and this endpoint answers anyone.
 */
function reason(error: unknown): string {
  if (error instanceof TimeoutError) return error.message;
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") break;
    const { status, code, name } = current as { status?: unknown; code?: unknown; name?: unknown };
    if (typeof status === "number") return `HTTP ${status}`;
    if (name === "AbortError") return `timed out after ${TIMEOUT_MS} ms`;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    // The Pusher SDK nests the network error under `error`; fetch and libSQL under `cause`.
    current = (current as { cause?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  return "unreachable";
}
