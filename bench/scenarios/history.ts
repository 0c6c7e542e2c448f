import { execFile } from "node:child_process";
import { resolve } from "node:path";
import type { DalCase, DalJob } from "../history-dal";
import { formatCount } from "../report";
import { summarize } from "../stats";
import { boundRow, TARGETS } from "../targets";
import { seedHistory } from "../support/history-seed";
import { expectStatus } from "../support/http";
import { actionHeaders, serverActionId } from "../support/server-actions";
import type { BenchContext, Row, ScenarioResult } from "../types";

const WARMUP = 20;
// Cases take turns in blocks of consecutive runs: on a machine shared with other work a busy moment
// lands on every case alike, not on whichever happened to be running, while each block still
// measures its query with its own pages cached.
const BLOCK = 10;

/** The DAL timings, from bench/history-dal.ts in a fresh process (`server-only` resolves as on the server). */
function timeDal(job: DalJob): Promise<Record<DalCase, number[]>> {
  const args = ["--conditions=react-server", "--import", "tsx", resolve("bench/history-dal.ts"), JSON.stringify(job)];
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`history: timing the DAL failed: ${stderr.trim() || error.message}`));
      else done(JSON.parse(stdout) as Record<DalCase, number[]>);
    });
  });
}

/**
 * Scenario 5: reading a large history. Each query is timed through the DAL function the app calls
 * (in a fresh process with its own connection to the same database file) and through HTTP as the
 * browser makes it, cookie and all; runs are sequential, after a warm-up.
 */
export async function runHistory(ctx: BenchContext): Promise<ScenarioResult> {
  const { options } = ctx;
  const history = await seedHistory(ctx.db, options, ctx.authSecret);
  const { reader, hot, deepCursor, searchWord } = history;
  const { baseURL } = ctx.stack;

  const dal = await timeDal({
    databaseUrl: ctx.stack.databaseUrl,
    actor: { id: reader.id, username: reader.username },
    hot,
    deepCursor,
    searchWord,
    conversations: options.conversations,
    runs: options.historyRuns,
    warmup: WARMUP,
    block: BLOCK,
  });

  const get = (path: string) => expectStatus(`${baseURL}${path}`, { cookie: reader.cookie }, 200);
  const listAction = serverActionId("app/(app)/actions.ts", "listConversations");
  const listViaAction = () => expectStatus(`${baseURL}/`, { cookie: reader.cookie, text: "[]", headers: actionHeaders(listAction, baseURL) }, 200);
  if (!(await listViaAction()).body.includes(hot)) {
    throw new Error("history: the listConversations action did not list the hot conversation");
  }
  const http: Record<DalCase, () => Promise<unknown>> = {
    newest: () => get(`/api/conversations/${hot}/messages`),
    deep: () => get(`/api/conversations/${hot}/messages?before=${deepCursor}`),
    list: listViaAction,
    search: () => get(`/api/search?q=${encodeURIComponent(searchWord)}`),
  };
  const entries = Object.entries(http) as [DalCase, () => Promise<unknown>][];
  for (const [, run] of entries) for (let i = 0; i < WARMUP; i++) await run();
  const overHttp = { newest: [], deep: [], list: [], search: [] } as Record<DalCase, number[]>;
  for (let done = 0; done < options.historyRuns; done += BLOCK) {
    for (const [name, run] of entries) {
      for (let k = 0; k < Math.min(BLOCK, options.historyRuns - done); k++) {
        const start = performance.now();
        await run();
        overHttp[name].push(performance.now() - start);
      }
    }
  }

  const depth = formatCount(options.depth);
  const labels: Record<DalCase, [string, string]> = {
    newest: ["5. newest page of 50", "5. newest page"],
    deep: [`5. page ${depth} deep`, `5. page ${depth} deep`],
    list: [`5. conversation list (${formatCount(options.conversations)}, unread counts)`, "5. conversation list"],
    search: [`5. search "${searchWord}" (${formatCount(history.searchMatches)} matches)`, "5. search"],
  };
  // The issue holds pages to their bound at the DAL, and the list and search to theirs everywhere.
  const bounds: Record<DalCase, [number, number | null]> = {
    newest: [TARGETS.pageDalMs, null],
    deep: [TARGETS.pageDalMs, null],
    list: [TARGETS.conversationListMs, TARGETS.conversationListMs],
    search: [TARGETS.searchMs, TARGETS.searchMs],
  };
  const rows: Row[] = [];
  const timings: Record<string, unknown> = {};
  for (const name of Object.keys(labels) as DalCase[]) {
    const atDal = summarize(dal[name]);
    const atHttp = summarize(overHttp[name]);
    rows.push(boundRow(`${labels[name][0]}: DAL`, atDal, ctx.floor, bounds[name][0]));
    rows.push(boundRow(`${labels[name][1]}: HTTP${name === "list" ? " (server action)" : ""}`, atHttp, ctx.floor, bounds[name][1]));
    timings[name] = { dal: atDal, http: atHttp };
  }
  rows.push({
    scenario: `5. seeding ${formatCount(options.messages)} messages in ${formatCount(options.conversations)} conversations (set-up)`,
    value: `${history.seedSeconds.toFixed(0)} s`,
  });
  return {
    rows,
    data: {
      messages: options.messages,
      conversations: options.conversations,
      depth: options.depth,
      searchWord,
      searchMatches: history.searchMatches,
      seedSeconds: history.seedSeconds,
      timingsMs: timings,
    },
  };
}
