import { spawn } from "node:child_process";
import { asc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getDb } from "@/db";
import { message } from "@/db/schema";
import { openDirectConversation } from "@/lib/dal/conversations";
import { createGroup } from "@/lib/dal/groups";
import { makeContacts } from "@/tests/support/contacts";
import { createUser, type Actor } from "@/lib/dal/users";
import type { WriterReport } from "@/tests/support/sqlite-writer";

const WRITERS = 4;
const READERS = 2;
const PER_CONVERSATION = 150;

let people: Actor[];
let group: string;
let directs: string[];

beforeAll(async () => {
  people = [];
  for (let i = 0; i < WRITERS; i++) people.push(await createUser({ username: `writer${i}`, password: `password-writer-${i}` }));
  await makeContacts(people[0]!, people.slice(1));
  group = await createGroup(people[0]!, { name: "Everyone writes", memberIds: people.slice(1).map((p) => p.id) });
  directs = [];
  for (let i = 0; i < WRITERS; i++) directs.push(await openDirectConversation(people[i]!, people[(i + 1) % WRITERS]!.id));
});

type Child = { report: Promise<WriterReport>; closeInput: () => void };

/** One real Node process running the DAL against this file's database (tests/support/sqlite-writer.ts). */
function run(job: { role: "writer" | "reader"; actor: Actor; conversations: string[]; count: number; tag: string }): Child {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/sqlite-writer.ts", JSON.stringify(job)], {
    env: process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const report = new Promise<WriterReport>((resolve, reject) =>
    child.once("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as WriterReport);
      else reject(new Error(`${job.role} ${job.tag} exited with ${code}:\n${stderr}\n${stdout}`));
    }),
  );
  return { report, closeInput: () => child.stdin.end() };
}

it("four processes writing at once, with readers, all succeed: every message stored once, in each sender's order", async () => {
  const readers = Array.from({ length: READERS }, (_, i) =>
    run({ role: "reader", actor: people[i]!, conversations: [group, directs[i]!], count: 0, tag: `reader${i}` }),
  );
  // Each writer talks in the group everyone writes to, and in its own direct chat, both at once.
  const writers = people.map((actor, i) => run({ role: "writer", actor, conversations: [group, directs[i]!], count: PER_CONVERSATION, tag: `w${i}` }));
  const written = await Promise.all(writers.map((w) => w.report));
  readers.forEach((r) => r.closeInput());
  const read = await Promise.all(readers.map((r) => r.report));

  // No caller saw an error: "database is locked" (SQLITE_BUSY) or anything else.
  expect(written.flatMap((r) => r.errors)).toEqual([]);
  expect(read.flatMap((r) => r.errors)).toEqual([]);
  expect(read.every((r) => r.reads > 0)).toBe(true);
  const sent = written.flatMap((r) => r.sent);
  expect(sent).toHaveLength(WRITERS * 2 * PER_CONVERSATION);

  const db = await getDb();
  for (const conversationId of [group, ...directs]) {
    const stored = await db
      .select({ id: message.id, clientId: message.clientId, body: message.body })
      .from(message)
      .where(eq(message.conversationId, conversationId))
      .orderBy(asc(message.id));
    const mine = sent.filter((s) => s.conversationId === conversationId);
    const storedUser = stored.filter((s) => mine.some((m) => m.clientId === s.clientId));
    // Exactly once: each send is one row (the doubled sends too), and no row is left over.
    expect(storedUser.map((s) => s.clientId).sort()).toEqual(mine.map((m) => m.clientId).sort());
    expect(new Set(stored.map((s) => s.clientId)).size).toBe(stored.length);
    // Strictly increasing ids in the order each writer sent its messages here.
    for (let w = 0; w < WRITERS; w++) {
      const ids = mine.filter((m) => m.body!.startsWith(`w${w} `)).map((m) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
    }
    // Reading the conversation back in id order gives each writer's messages in the order sent.
    for (let w = 0; w < WRITERS; w++) {
      const inOrder = stored.filter((s) => s.body?.startsWith(`w${w} `)).map((s) => s.body);
      expect(inOrder).toEqual(mine.filter((m) => m.body.startsWith(`w${w} `)).map((m) => m.body));
    }
  }
}, 240_000);
