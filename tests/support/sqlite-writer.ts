/**
 * One process of the concurrent-writers test (tests/integration/sqlite-writers.test.ts), run by
 * Node with the `react-server` condition so that the DAL's `import "server-only"` loads. It uses the
 * same data access layer and database settings as the app, against the file in DATABASE_URL.
 *
 * writer: sends `count` messages to each of its conversations, one conversation's sends in order
 *         and all its conversations at once; every tenth send is sent twice at once (a retry racing
 *         the original). Prints what each send got back.
 * reader: pages history and conversation lists, and moves read markers (small writes), until its
 *         stdin closes.
 * Either way the last line on stdout is a JSON report, and every error a caller saw is in it.
 */
import { z } from "zod";
import { listConversationPage, markConversationRead } from "@/lib/dal/conversations";
import { getMessagesPage, sendMessage } from "@/lib/dal/messages";

const jobSchema = z.object({
  role: z.enum(["writer", "reader"]),
  actor: z.object({ id: z.string(), username: z.string() }),
  conversations: z.array(z.string()),
  count: z.number().int().nonnegative(),
  tag: z.string(),
});
const job = jobSchema.parse(JSON.parse(process.argv[2] ?? "{}"));

export type WriterReport = {
  sent: { conversationId: string; clientId: string; body: string; id: number }[];
  reads: number;
  errors: string[];
};

const report: WriterReport = { sent: [], reads: 0, errors: [] };
const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message} ${(error as { code?: string }).code ?? ""}`.trim() : String(error);

async function writeTo(conversationId: string): Promise<void> {
  for (let i = 0; i < job.count; i++) {
    const body = `${job.tag} ${conversationId.slice(0, 8)} #${i}`;
    const input = { conversationId, clientId: crypto.randomUUID(), body };
    try {
      const attempts = i % 10 === 0 ? [sendMessage(job.actor, input), sendMessage(job.actor, input)] : [sendMessage(job.actor, input)];
      const results = await Promise.all(attempts);
      report.sent.push({ conversationId, clientId: input.clientId, body, id: results[0]!.message.id });
    } catch (error) {
      report.errors.push(describe(error));
    }
  }
}

async function readUntilStdinCloses(): Promise<void> {
  let open = true;
  process.stdin.on("end", () => (open = false)).resume();
  while (open) {
    for (const conversationId of job.conversations) {
      try {
        const page = await getMessagesPage(job.actor, conversationId, { limit: "50" });
        await listConversationPage(job.actor);
        const newest = page.messages.at(-1);
        if (newest) await markConversationRead(job.actor, conversationId, newest.id);
        report.reads++;
      } catch (error) {
        report.errors.push(describe(error));
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

if (job.role === "writer") await Promise.all(job.conversations.map(writeTo));
else await readUntilStdinCloses();
process.stdout.write(`${JSON.stringify(report)}\n`);
// The realtime client keeps sockets alive; the work is done.
process.exit(0);
