import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openDatabase } from "@/db/client";
import { freePort } from "@/scripts/lib/ports";
import { startAppServer } from "@/tests/support/app-server";
import { createTestDatabase, testAppEnv } from "@/tests/support/stack";
import type { MessageDTO } from "@/lib/dto";
import { formatCount } from "@/tests/support/report";
import { summarize, type Summary } from "@/tests/support/stats";
import { expectStatus } from "@/tests/support/http";
import { boundRow, TARGETS } from "../targets";
import { catchUp, DAL_CASES, type DalCase, type DalJob } from "../support/history-cases";
import { type History, seedHistory } from "../support/history-seed";
import type { BenchContext, Row, ScenarioResult } from "../types";

const WARMUP = 20;
// Cases take turns in blocks of consecutive runs: on a machine shared with other work a busy moment
// lands on every case alike, not on whichever happened to be running, while each block still
// measures its query with its own pages cached.
const BLOCK = 10;
/** The chat view's catch-up page after a reconnect. */
const CATCH_UP_PAGE = 200;

/** The DAL timings, from bench/history-dal.ts in a fresh process (`server-only` resolves as on the server). */
function timeDal(job: DalJob): Promise<Record<DalCase, number[]>> {
  const args = ["--conditions=react-server", "--import", "tsx", resolve("bench/history-dal.ts"), JSON.stringify(job)];
  return new Promise((done, fail) => {
    // Limits scaled up as on the app server of the stack (testAppEnv): 200 timed searches in a row
    // are the point here, not a person searching too quickly.
    const env = { ...process.env, RATE_LIMIT_MULTIPLIER: "1000" };
    execFile(process.execPath, args, { maxBuffer: 64 * 2 ** 20, env }, (error, stdout, stderr) => {
      if (error) fail(new Error(`history: timing the DAL failed: ${stderr.trim() || error.message}`));
      else done(JSON.parse(stdout) as Record<DalCase, number[]>);
    });
  });
}

/** The same cases over HTTP as the browser makes them, cookie and all; the unread total has no route of its own. */
async function timeHttp(baseURL: string, history: History, runs: number): Promise<Partial<Record<DalCase, number[]>>> {
  const { reader, hot } = history;
  const get = (path: string) => expectStatus(`${baseURL}${path}`, { cookie: reader.cookie }, 200);
  const search = (q: string) => get(`/api/search?q=${encodeURIComponent(q)}`);
  const http: Partial<Record<DalCase, () => Promise<unknown>>> = {
    newest: () => get(`/api/conversations/${hot}/messages`),
    deep: () => get(`/api/conversations/${hot}/messages?before=${history.deepCursor}`),
    listFirst: () => get("/api/conversations"),
    listDeep: () => get(`/api/conversations?before=${history.listDeepCursor}`),
    searchRare: () => search(history.rareWord),
    searchCommon: () => search(history.commonWord),
    catchUp: () =>
      catchUp(history.catchUpFrom, async (after) => {
        const { body } = await get(`/api/conversations/${hot}/messages?after=${after}&limit=${CATCH_UP_PAGE}`);
        return JSON.parse(body) as { messages: MessageDTO[]; hasNewer: boolean };
      }),
  };
  const first = JSON.parse((await get("/api/conversations")).body) as { conversations: { id: string }[] };
  if (first.conversations.length !== 50) throw new Error("history: GET /api/conversations did not answer a page of 50");
  const entries = DAL_CASES.flatMap((name) => (http[name] ? [[name, http[name]] as const] : []));
  for (const [, run] of entries) for (let i = 0; i < WARMUP; i++) await run();
  const samples: Partial<Record<DalCase, number[]>> = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let done = 0; done < runs; done += BLOCK) {
    for (const [name, run] of entries) {
      for (let k = 0; k < Math.min(BLOCK, runs - done); k++) {
        const start = performance.now();
        await run();
        samples[name]!.push(performance.now() - start);
      }
    }
  }
  return samples;
}

type Measured = {
  scale: number;
  messages: number;
  conversations: number;
  history: History;
  fileBytes: number;
  dal: Record<DalCase, Summary>;
  http: Partial<Record<DalCase, Summary>>;
};

/**
 * One size of the history: a database of its own, seeded, then served by an app server of its own
 * (the stack's Soketi), so that the sizes do not share pages, caches or indexes.
 */
async function measure(ctx: BenchContext, scale: number): Promise<Measured> {
  const { options } = ctx;
  const sizes = { messages: options.messages * scale, conversations: options.conversations * scale, depth: options.depth };
  const dir = mkdtempSync(join(tmpdir(), "messenger-history-"));
  try {
    const databaseUrl = await createTestDatabase(dir);
    const db = await openDatabase(databaseUrl);
    const history = await seedHistory(db, sizes, ctx.authSecret);
    db.$client.close();
    const fileBytes = statSync(join(dir, "messenger.db")).size;

    const job: DalJob = {
      databaseUrl,
      actor: { id: history.reader.id, username: history.reader.username },
      hot: history.hot,
      deepCursor: history.deepCursor,
      listDeepCursor: history.listDeepCursor,
      catchUpFrom: history.catchUpFrom,
      catchUpPage: CATCH_UP_PAGE,
      rareWord: history.rareWord,
      commonWord: history.commonWord,
      runs: options.historyRuns,
      warmup: WARMUP,
      block: BLOCK,
    };
    const dal = await timeDal(job);
    const app = await startAppServer({
      port: await freePort(),
      logPath: join(dir, "server.log"),
      env: testAppEnv(databaseUrl, ctx.stack.soketiPort),
    });
    let http;
    try {
      http = await timeHttp(app.baseURL, history, options.historyRuns);
    } finally {
      await app.stop();
    }
    const summaries = <T extends Partial<Record<DalCase, number[]>>>(samples: T) =>
      Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values!)]));
    return {
      scale,
      ...sizes,
      history,
      fileBytes,
      dal: summaries(dal) as Record<DalCase, Summary>,
      http: summaries(http) as Partial<Record<DalCase, Summary>>,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Scenario 5: reading a large history, at each --scale. Each query is timed through the DAL function
 * the app calls (in a fresh process with its own connection to the database file) and over HTTP as
 * the browser makes it; runs are sequential, after a warm-up. The report puts the sizes side by side,
 * with how much each query's cost grew from the smallest to the largest.
 */
export async function runHistory(ctx: BenchContext): Promise<ScenarioResult> {
  const measured: Measured[] = [];
  for (const scale of ctx.options.scale) measured.push(await measure(ctx, scale));

  const sizeOf = (m: Measured) => `${formatCount(m.messages)} msgs / ${formatCount(m.conversations)} chats`;
  const labels: Record<DalCase, (m: Measured) => string> = {
    newest: () => "newest page of 50",
    deep: () => `page ${formatCount(ctx.options.depth)} deep`,
    listFirst: () => "chat list, first page of 50",
    listDeep: () => "chat list, a page 9/10 of the way down",
    unreadTotal: () => "unread total over all chats",
    searchRare: (m) => `search a rare word (${formatCount(m.history.rareMatches)} matches)`,
    searchCommon: (m) => `search a common word (${formatCount(m.history.commonMatches)} matches)`,
    catchUp: () => `catch-up after 1,000 missed (pages of ${CATCH_UP_PAGE})`,
  };
  const rows: Row[] = [];
  for (const name of DAL_CASES) {
    for (const m of measured) {
      rows.push(boundRow(`5. ${labels[name](m)}, ${sizeOf(m)}: DAL`, m.dal[name], ctx.floor, TARGETS.historyDalMs));
      const overHttp = m.http[name];
      if (overHttp) rows.push(boundRow(`5. ${labels[name](m)}, ${sizeOf(m)}: HTTP`, overHttp, ctx.floor, null));
    }
    const [smallest, largest] = [measured[0]!, measured.at(-1)!];
    if (largest !== smallest) {
      const growth = largest.dal[name].p50 / smallest.dal[name].p50;
      rows.push({
        scenario: `5. ${labels[name](largest)}: DAL growth ×${smallest.scale} → ×${largest.scale}`,
        value: `${growth.toFixed(2)}×`,
        target: `< ${TARGETS.historyGrowth}×`,
        met: growth < TARGETS.historyGrowth,
      });
    }
  }
  for (const m of measured) {
    rows.push({
      scenario: `5. seeding ${sizeOf(m)} (set-up)`,
      value: `${m.history.seedSeconds.toFixed(0)} s; file ${(m.fileBytes / 2 ** 20).toFixed(0)} MB, ${(m.fileBytes / 2 ** 20 / (m.messages / 1e6)).toFixed(0)} MB per million messages`,
    });
  }
  return {
    rows,
    data: {
      depth: ctx.options.depth,
      sizes: measured.map((m) => ({
        scale: m.scale,
        messages: m.messages,
        conversations: m.conversations,
        seedSeconds: m.history.seedSeconds,
        fileBytes: m.fileBytes,
        rareMatches: m.history.rareMatches,
        commonMatches: m.history.commonMatches,
        timingsMs: Object.fromEntries(DAL_CASES.map((name) => [name, { dal: m.dal[name], http: m.http[name] ?? null }])),
      })),
    },
  };
}
