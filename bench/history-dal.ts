// Scenario 5's DAL timings, run as a child process of the bench: a process that has just seeded a
// million rows (or held thousands of clients) runs the same DAL call markedly slower than a fresh one,
// and the app server is a fresh one. Reads its job as JSON in argv, writes the samples as JSON.
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { countUnread, listConversationPage } from "@/lib/dal/conversations";
import { getMessagesPage } from "@/lib/dal/messages";
import { searchMessages } from "@/lib/dal/search";
import { catchUp, DAL_CASES, type DalCase, type DalJob } from "./support/history-cases";

async function main(job: DalJob): Promise<Record<DalCase, number[]>> {
  process.env.DATABASE_URL = job.databaseUrl;
  const { actor } = job;
  const cases: Record<DalCase, () => Promise<unknown>> = {
    newest: () => getMessagesPage(actor, job.hot, {}),
    deep: () => getMessagesPage(actor, job.hot, { before: job.deepCursor }),
    listFirst: () => listConversationPage(actor),
    listDeep: () => listConversationPage(actor, { before: job.listDeepCursor }),
    unreadTotal: () => countUnread(actor),
    searchRare: () => searchMessages(actor, { q: job.rareWord }),
    searchCommon: () => searchMessages(actor, { q: job.commonWord }),
    catchUp: () => catchUp(job.catchUpFrom, (after) => getMessagesPage(actor, job.hot, { after, limit: job.catchUpPage })),
  };
  // Correct answers first: a fast wrong answer would measure nothing.
  const first = await listConversationPage(actor);
  if (first.conversations.length !== 50 || first.next === null) throw new Error("the list's first page is not a full page of 50");
  if ((await listConversationPage(actor, { before: job.listDeepCursor })).conversations.length === 0) {
    throw new Error("the list page deep in the list is empty");
  }
  const db = await getDb();
  const [truth] = await db.all<{ n: number }>(sql`
    SELECT count(*) AS n FROM conversation_member m JOIN message u ON u.conversation_id = m.conversation_id
    WHERE m.user_id = ${actor.id} AND u.id > m.last_read_message_id AND u.deleted_at IS NULL AND u.sender_id IS NOT m.user_id`);
  const total = await countUnread(actor);
  if (total !== truth!.n || first.unreadTotal !== total) throw new Error(`the unread total is ${total}, but ${truth!.n} are unread`);
  for (const word of [job.rareWord, job.commonWord]) {
    if ((await searchMessages(actor, { q: word })).length === 0) throw new Error(`the search for "${word}" found nothing`);
  }
  if ((await cases.catchUp()) !== 1000) throw new Error("the catch-up did not bring the 1,000 missed messages");

  const samples = Object.fromEntries(DAL_CASES.map((name) => [name, [] as number[]])) as Record<DalCase, number[]>;
  for (const name of DAL_CASES) for (let i = 0; i < job.warmup; i++) await cases[name]();
  for (let done = 0; done < job.runs; done += job.block) {
    for (const name of DAL_CASES) {
      for (let k = 0; k < Math.min(job.block, job.runs - done); k++) {
        const start = performance.now();
        await cases[name]();
        samples[name].push(performance.now() - start);
      }
    }
  }
  return samples;
}

const job = process.argv[2];
if (!job) {
  console.error("usage: node --conditions=react-server --import tsx bench/history-dal.ts '<job as JSON>'");
  process.exit(2);
}
main(JSON.parse(job) as DalJob).then(
  (samples) => {
    process.stdout.write(JSON.stringify(samples));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
