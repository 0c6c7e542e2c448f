// Scenario 5's DAL timings, run as a child process of the bench: a process that has just seeded a
// million rows (or held thousands of clients) runs the same DAL call markedly slower than a fresh one,
// and the app server is a fresh one. Reads its job as JSON in argv, writes the samples as JSON.
import { listConversationsForUser } from "@/lib/dal/conversations";
import { getMessagesPage } from "@/lib/dal/messages";
import { searchMessages } from "@/lib/dal/search";

export type DalJob = {
  databaseUrl: string;
  actor: { id: string; username: string };
  hot: string;
  deepCursor: number;
  searchWord: string;
  conversations: number;
  runs: number;
  warmup: number;
  block: number;
};

export type DalCase = "newest" | "deep" | "list" | "search";

async function main(job: DalJob): Promise<Record<DalCase, number[]>> {
  process.env.DATABASE_URL = job.databaseUrl;
  const { actor } = job;
  const cases: Record<DalCase, () => Promise<unknown>> = {
    newest: () => getMessagesPage(actor, job.hot, {}),
    deep: () => getMessagesPage(actor, job.hot, { before: job.deepCursor }),
    list: () => listConversationsForUser(actor),
    search: () => searchMessages(actor, { q: job.searchWord }),
  };
  // Correct answers first: a fast wrong answer would measure nothing.
  const list = await listConversationsForUser(actor);
  if (list.length !== job.conversations) throw new Error(`the list has ${list.length} conversations, not ${job.conversations}`);
  if ((await searchMessages(actor, { q: job.searchWord })).length === 0) throw new Error("the search found nothing");

  const entries = Object.entries(cases) as [DalCase, () => Promise<unknown>][];
  for (const [, run] of entries) for (let i = 0; i < job.warmup; i++) await run();
  const samples = { newest: [], deep: [], list: [], search: [] } as Record<DalCase, number[]>;
  for (let done = 0; done < job.runs; done += job.block) {
    for (const [name, run] of entries) {
      for (let k = 0; k < Math.min(job.block, job.runs - done); k++) {
        const start = performance.now();
        await run();
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
