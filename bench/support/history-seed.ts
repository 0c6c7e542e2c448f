import type { Database } from "@/db/client";
import { formatCount } from "@/tests/support/report";
import { type SeededUser, chunks, seedDirectConversations, seedGroup, seedUsers } from "@/tests/support/seed";
import { formatListCursor } from "@/lib/list-cursor";
import { WORDS } from "./words";

export type History = {
  reader: SeededUser;
  /** The conversation that holds a tenth of all messages: deep enough to page far back in. */
  hot: string;
  /** A `before` cursor whose page starts `depth` messages back from the newest. */
  deepCursor: number;
  /** The list's cursor nine tenths of the way down the reader's conversations. */
  listDeepCursor: string;
  /** An `after` cursor 1,000 messages back from the newest of the hot conversation: a catch-up's start. */
  catchUpFrom: number;
  rareWord: string;
  rareMatches: number;
  commonWord: string;
  commonMatches: number;
  seedSeconds: number;
};

/** In none of the generated text: planted in a few messages spread over the history. */
const RARE_WORD = "zeppelin";
const RARE_COUNT = 10;

const ROWS_PER_TRANSACTION = 50_000;
const MAX_WORDS = 10;

/**
 * A pseudo-random integer in [0, 2^31) from the row number and a salt, in SQL: the seed is the same
 * on every run, and a million rows are generated inside SQLite instead of crossing from JavaScript.
 */
function hash(salt: number): string {
  return `((((n.i * 2654435761 + ${salt * 40503}) % 4294967296) * 1103515245 + 12345) % 2147483648)`;
}

/** Word `j` of message `n.i`: the cube of a uniform draw skews toward the frequent start of the list. */
function word(j: number): string {
  const u = `(${hash(j + 1)} / 2147483648.0)`;
  return `(SELECT w FROM temp.bench_word WHERE k = CAST(${u} * ${u} * ${u} * ${WORDS.length} AS INTEGER))`;
}

function body(): string {
  const count = `(4 + ${hash(0)} % ${MAX_WORDS - 3})`;
  const rest = Array.from({ length: MAX_WORDS - 1 }, (_, j) => `CASE WHEN ${count} > ${j + 1} THEN ' ' || ${word(j + 1)} ELSE '' END`);
  return [word(0), ...rest].join(" || ");
}

/**
 * Scenario 5's database: `messages` messages over `conversations` conversations, all of which the
 * reader belongs to (nine in ten direct, one in ten a group of four). Every tenth message goes to
 * one hot conversation, the rest spread evenly. Messages go in through the real table, so the FTS5
 * triggers index them as they would in production; only the batching is the seeder's.
 */
export async function seedHistory(db: Database, sizes: { messages: number; conversations: number; depth: number }, secret: string): Promise<History> {
  const started = performance.now();
  const client = db.$client;
  const [reader] = await seedUsers(db, "history_reader", 1, secret);
  const peers = await seedUsers(db, "history_peer", sizes.conversations, secret);
  const isGroup = (k: number) => k % 10 === 9;
  const direct = peers.map((peer, k) => ({ peer, k })).filter(({ k }) => !isGroup(k));
  const directIds = await seedDirectConversations(
    db,
    direct.map(({ peer }) => [reader!, peer]),
  );
  const conversationIds = new Map(direct.map(({ k }, i) => [k, directIds[i]!]));
  for (let k = 0; k < sizes.conversations; k++) {
    if (!isGroup(k)) continue;
    const members = [reader!, peers[k]!, peers[(k + 1) % peers.length]!, peers[(k + 2) % peers.length]!];
    conversationIds.set(k, await seedGroup(db, `Group ${k}`, members));
  }

  // Seeding only: a large page cache on this connection; the server keeps its own settings.
  await client.executeMultiple(`
    PRAGMA cache_size = -262144;
    CREATE TEMP TABLE bench_conv (k INTEGER PRIMARY KEY, id TEXT NOT NULL, peer TEXT NOT NULL);
    CREATE TEMP TABLE bench_word (k INTEGER PRIMARY KEY, w TEXT NOT NULL);`);
  for (const part of chunks([...conversationIds], 300)) {
    await client.execute({
      sql: `INSERT INTO temp.bench_conv (k, id, peer) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}`,
      args: part.flatMap(([k, id]) => [k, id, peers[k]!.id]),
    });
  }
  await client.execute({
    sql: `INSERT INTO temp.bench_word (k, w) VALUES ${WORDS.map(() => "(?, ?)").join(", ")}`,
    args: WORDS.flatMap((w, k) => [k, w]),
  });

  const base = Date.now() - sizes.messages * 1000;
  for (let lo = 1; lo <= sizes.messages; lo += ROWS_PER_TRANSACTION) {
    const hi = Math.min(lo + ROWS_PER_TRANSACTION - 1, sizes.messages);
    await client.execute({
      sql: `
        INSERT INTO message (conversation_id, sender_id, client_id, body, created_at)
        WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        SELECT c.id, CASE WHEN n.i % 2 = 0 THEN ? ELSE c.peer END, 'seed-' || n.i, ${body()}, ? + n.i * 1000
        FROM n JOIN temp.bench_conv c
          ON c.k = CASE WHEN n.i % 10 = 0 THEN 0 ELSE 1 + ${hash(99)} % ${sizes.conversations - 1} END
        ORDER BY n.i`,
      args: [lo, hi, reader!.id, base],
    });
    // A progress line in a terminal; a CI log gets the last one only.
    if (process.stdout.isTTY || hi === sizes.messages) {
      process.stdout.write(`\rbench: seeded ${formatCount(hi)} of ${formatCount(sizes.messages)} messages`);
    }
  }
  process.stdout.write("\n");

  // The reader is up to date in most conversations: conversation k has k % 21 newest messages unread.
  await client.batch(
    [...conversationIds].map(([k, id]) => ({
      sql: `UPDATE conversation_member SET last_read_message_id = coalesce(
              (SELECT id FROM message WHERE conversation_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?), 0)
            WHERE conversation_id = ? AND user_id = ?`,
      args: [id, k % 21, id, reader!.id],
    })),
    "write",
  );
  await client.executeMultiple("DROP TABLE temp.bench_conv; DROP TABLE temp.bench_word; PRAGMA wal_checkpoint(TRUNCATE);");

  const hot = conversationIds.get(0)!;
  const held = await client.execute({ sql: "SELECT count(*) AS n FROM message WHERE conversation_id = ?", args: [hot] });
  if (Number(held.rows[0]!.n) < Math.max(sizes.depth + 50, 1001)) {
    throw new Error(`history: the hot conversation holds fewer than ${Math.max(sizes.depth + 50, 1001)} messages; raise --messages or lower --depth`);
  }
  // The message just newer than the page: `before` it, the page starts `depth` messages back.
  const deep = await client.execute({
    sql: "SELECT id FROM message WHERE conversation_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
    args: [hot, sizes.depth - 1],
  });
  const step = Math.floor(sizes.messages / RARE_COUNT);
  await client.execute({
    sql: `UPDATE message SET body = body || ' ${RARE_WORD}' WHERE id IN (SELECT id FROM message WHERE id % ? = 0 AND kind = 'text' LIMIT ?)`,
    args: [step, RARE_COUNT],
  });
  const matches = async (word: string) => {
    // The text column only: the index also holds each message's conversation as a token.
    const counted = await client.execute({
      sql: "SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH ?",
      args: [`body : ("${word}"*)`],
    });
    return Number(counted.rows[0]!.n);
  };
  const listDeep = await client.execute({
    sql: `SELECT activity_at, conversation_id FROM conversation_member WHERE user_id = ?
      ORDER BY activity_at DESC, conversation_id DESC LIMIT 1 OFFSET ?`,
    args: [reader!.id, Math.floor(sizes.conversations * 0.9)],
  });
  const catchUpFrom = await client.execute({
    sql: "SELECT id FROM message WHERE conversation_id = ? ORDER BY id DESC LIMIT 1 OFFSET 1000",
    args: [hot],
  });
  return {
    reader: reader!,
    hot,
    deepCursor: Number(deep.rows[0]!.id),
    listDeepCursor: formatListCursor({
      activityAt: Number(listDeep.rows[0]!.activity_at),
      id: String(listDeep.rows[0]!.conversation_id),
    }),
    catchUpFrom: Number(catchUpFrom.rows[0]!.id),
    rareWord: RARE_WORD,
    rareMatches: await matches(RARE_WORD),
    commonWord: WORDS[0]!,
    commonMatches: await matches(WORDS[0]!),
    seedSeconds: (performance.now() - started) / 1000,
  };
}
