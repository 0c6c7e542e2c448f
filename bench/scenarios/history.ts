import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { listConversationsForUser } from "@/lib/dal/conversations";
import { getMessagesPage } from "@/lib/dal/messages";
import { searchMessages } from "@/lib/dal/search";
import { formatCount } from "../report";
import { summarize, timeRuns } from "../stats";
import { boundRow, TARGETS } from "../targets";
import { seedHistory } from "../support/history-seed";
import { expectStatus } from "../support/http";
import type { BenchContext, Row, ScenarioResult } from "../types";

const WARMUP = 20;

/**
 * The id under which a server action is posted: what the browser's generated stub sends in the
 * `Next-Action` header, read from the build's manifest.
 */
function serverActionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === exportedName);
  if (!found) throw new Error(`history: no server action ${exportedName} in ${file} in the build`);
  return found[0];
}

/**
 * Scenario 5: reading a large history. Each query is timed through the DAL function the app calls
 * (in this process, on its own connection to the same database file) and through HTTP as the
 * browser makes it, cookie and all; runs are sequential, after a warm-up.
 */
export async function runHistory(ctx: BenchContext): Promise<ScenarioResult> {
  const { options } = ctx;
  const history = await seedHistory(ctx.db, options, ctx.authSecret);
  const { reader, hot, deepCursor, searchWord } = history;
  const actor = { id: reader.id, username: reader.username };
  const { baseURL } = ctx.stack;
  const get = (path: string) => expectStatus(`${baseURL}${path}`, { cookie: reader.cookie }, 200);
  const listAction = serverActionId("app/(app)/actions.ts", "listConversations");
  const listViaAction = () =>
    expectStatus(
      `${baseURL}/`,
      {
        cookie: reader.cookie,
        text: "[]",
        headers: { "next-action": listAction, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseURL },
      },
      200,
    );

  // Correct answers first: a fast wrong answer would measure nothing.
  const list = await listConversationsForUser(actor);
  if (list.length !== options.conversations) {
    throw new Error(`history: the list has ${list.length} conversations, not ${options.conversations}`);
  }
  const found = await searchMessages(actor, { q: searchWord });
  if (found.length === 0) throw new Error("history: the search found nothing");
  if (!(await listViaAction()).body.includes(hot)) {
    throw new Error("history: the listConversations action did not list the hot conversation");
  }

  const depth = formatCount(options.depth);
  const cases: { label: string; bound: number | null; run: () => Promise<unknown> }[] = [
    { label: "5. newest page of 50: DAL", bound: TARGETS.pageDalMs, run: () => getMessagesPage(actor, hot, {}) },
    { label: "5. newest page of 50: HTTP", bound: null, run: () => get(`/api/conversations/${hot}/messages`) },
    { label: `5. page ${depth} deep: DAL`, bound: TARGETS.pageDalMs, run: () => getMessagesPage(actor, hot, { before: deepCursor }) },
    { label: `5. page ${depth} deep: HTTP`, bound: null, run: () => get(`/api/conversations/${hot}/messages?before=${deepCursor}`) },
    {
      label: `5. conversation list (${formatCount(list.length)}, unread counts): DAL`,
      bound: TARGETS.conversationListMs,
      run: () => listConversationsForUser(actor),
    },
    { label: "5. conversation list: HTTP (server action)", bound: TARGETS.conversationListMs, run: listViaAction },
    {
      label: `5. search "${searchWord}" (${formatCount(history.searchMatches)} matches): DAL`,
      bound: TARGETS.searchMs,
      run: () => searchMessages(actor, { q: searchWord }),
    },
    { label: "5. search: HTTP", bound: TARGETS.searchMs, run: () => get(`/api/search?q=${encodeURIComponent(searchWord)}`) },
  ];

  // Every path once warm before any is timed, so the first case does not pay for the JIT.
  for (const c of cases) for (let i = 0; i < WARMUP; i++) await c.run();
  const rows: Row[] = [];
  const timings: Record<string, unknown> = {};
  for (const c of cases) {
    const summary = summarize(await timeRuns(options.historyRuns, 0, c.run));
    rows.push(boundRow(c.label, summary, ctx.floor, c.bound));
    timings[c.label] = summary;
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
