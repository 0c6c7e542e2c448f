import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { createActors } from "@/tests/support/actors";
import { seededRandom } from "@/tests/support/random";
import { countUnread, listConversationPage, markConversationRead, openDirectConversation } from "./conversations";
import { blockUser, unblockUser } from "./blocks";
import { deleteMessage, sendMessage } from "./messages";
import { createUser, type Actor } from "./users";

type Summary = { conversation_id: string; user_id: string; activity_at: number; unread_count: number };

/** The summaries as the triggers keep them, and as counting every message says they should be. */
async function keptAndTrue(): Promise<{ kept: Summary[]; truth: Summary[] }> {
  const db = await getDb();
  const kept = await db.all<Summary>(sql`
    SELECT conversation_id, user_id, activity_at, unread_count FROM conversation_member ORDER BY conversation_id, user_id`);
  const truth = await db.all<Summary>(sql`
    SELECT m.conversation_id, m.user_id,
      CAST(coalesce((SELECT x.created_at FROM message x WHERE x.conversation_id = m.conversation_id ORDER BY x.id DESC LIMIT 1), c.created_at) AS INTEGER) AS activity_at,
      (SELECT count(*) FROM message u WHERE u.conversation_id = m.conversation_id AND u.id > m.last_read_message_id
        AND u.deleted_at IS NULL AND u.sender_id IS NOT m.user_id) AS unread_count
    FROM conversation_member m JOIN conversation c ON c.id = m.conversation_id ORDER BY m.conversation_id, m.user_id`);
  return { kept, truth };
}

async function lastMessagesKeptAndTrue() {
  const db = await getDb();
  return db.all<{ kept: number | null; truth: number | null }>(sql`
    SELECT last_message_id AS kept, (SELECT max(id) FROM message WHERE conversation_id = conversation.id) AS truth FROM conversation`);
}

/** Each person's unread total as migration 0009's triggers keep it, and as their member rows sum. */
async function totalsKeptAndTrue() {
  const db = await getDb();
  return db.all<{ user_id: string; kept: number; truth: number }>(sql`
    SELECT u.id AS user_id, coalesce(t.total, 0) AS kept,
      (SELECT coalesce(sum(unread_count), 0) FROM conversation_member WHERE user_id = u.id) AS truth
    FROM user u LEFT JOIN user_unread t ON t.user_id = u.id ORDER BY u.id`);
}

/** The statements of a migration file that begin with `verb` (comments dropped): the ones that fill existing data. */
function migrationStatements(file: string, verb: "UPDATE" | "INSERT") {
  return readFileSync(join(MIGRATIONS_FOLDER, file), "utf8")
    .split("--> statement-breakpoint")
    .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
    .filter((statement) => statement.startsWith(verb));
}

const { ana, ben, cyd } = await createActors("ana", "ben", "cyd");

describe("the summaries the list reads", () => {
  it("stay equal to a full recount through random sends, deletions, read marks and joins", async () => {
    const db = await getDb();
    const random = seededRandom(20);
    const people = [ana, ben, cyd];
    const rooms: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = crypto.randomUUID();
      rooms.push(id);
      await db.run(sql`INSERT INTO conversation (id, kind, name) VALUES (${id}, 'group', ${`room ${i}`})`);
      await db.run(sql`INSERT INTO conversation_member (conversation_id, user_id) VALUES (${id}, ${ana.id}), (${id}, ${ben.id})`);
    }
    const sent: number[] = [];
    for (let step = 0; step < 300; step++) {
      const room = random.pick(rooms);
      const who = random.pick(people);
      const roll = random.next();
      if (roll < 0.55) {
        // Raw SQL, as any writer (a migration, a script) would: the triggers hold for every path.
        const [row] = await db.all<{ id: number }>(sql`
          INSERT INTO message (conversation_id, sender_id, client_id, body, kind)
          VALUES (${room}, ${random.next() < 0.1 ? null : who.id}, ${crypto.randomUUID()}, 'hi', ${random.next() < 0.1 ? "system" : "text"})
          RETURNING id`);
        sent.push(row!.id);
      } else if (roll < 0.7 && sent.length > 0) {
        const id = random.pick(sent);
        await db.run(sql`UPDATE message SET deleted_at = ${Date.now()} WHERE id = ${id} AND deleted_at IS NULL`);
      } else if (roll < 0.9) {
        const upTo = sent.length > 0 ? random.pick(sent) : 0;
        await db.run(sql`UPDATE conversation_member SET last_read_message_id = max(last_read_message_id, ${upTo})
          WHERE conversation_id = ${room} AND user_id = ${who.id}`);
      } else if (roll < 0.97) {
        await db.run(sql`INSERT OR IGNORE INTO conversation_member (conversation_id, user_id) VALUES (${room}, ${who.id})`);
      } else {
        await db.run(sql`DELETE FROM conversation_member WHERE conversation_id = ${room} AND user_id = ${who.id}`);
      }
    }
    const { kept, truth } = await keptAndTrue();
    expect(kept).toEqual(truth);
    for (const { kept, truth } of await lastMessagesKeptAndTrue()) expect(kept).toBe(truth);
    const totals = await totalsKeptAndTrue();
    expect(totals.some((t) => t.truth > 0)).toBe(true);
    for (const { kept, truth } of totals) expect(kept).toBe(truth);
  });

  it("are filled for existing data by the migration that adds them", async () => {
    const db = await getDb();
    await db.run(sql`UPDATE conversation SET last_message_id = NULL`);
    await db.run(sql`UPDATE conversation_member SET activity_at = 0, unread_count = 0`);
    const fills = migrationStatements("0005_conversation_summaries.sql", "UPDATE");
    expect(fills).toHaveLength(2);
    for (const fill of fills) await db.run(sql.raw(fill));
    const { kept, truth } = await keptAndTrue();
    expect(kept).toEqual(truth);
    for (const { kept, truth } of await lastMessagesKeptAndTrue()) expect(kept).toBe(truth);
  });

  it("fill the unread totals for existing data in the migration that adds them", async () => {
    const db = await getDb();
    await db.run(sql`DELETE FROM user_unread`);
    const fills = migrationStatements("0009_unread_totals.sql", "INSERT");
    expect(fills).toHaveLength(1);
    await db.run(sql.raw(fills[0]!));
    const totals = await totalsKeptAndTrue();
    expect(totals.some((t) => t.truth > 0)).toBe(true);
    for (const { kept, truth } of totals) expect(kept).toBe(truth);
  });
});

describe("the conversation list", () => {
  let dan: Actor;
  const chats: string[] = [];

  beforeAll(async () => {
    dan = await createUser({ username: "dan", password: "password-dan" });
    for (let i = 0; i < 120; i++) {
      const peer = await createUser({ username: `peer${i}`, password: "password-peer" });
      if (i === 7) await (await getDb()).run(sql`UPDATE user SET first_name = 'Zoë', last_name = 'O''Hara' WHERE id = ${peer.id}`);
      const chat = await openDirectConversation(peer, dan.id);
      await sendMessage(peer, { conversationId: chat, clientId: crypto.randomUUID(), body: `hello ${i}` });
      chats.push(chat);
    }
  });

  it("comes in pages, newest activity first, each after the cursor of the one before", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listConversationPage(dan, { before });
      sizes.push(page.conversations.length);
      seen.push(...page.conversations.map((c) => c.id));
      expect(page.unreadTotal).toBe(120);
      before = page.next ?? undefined;
    } while (before);
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen).toEqual(chats.toReversed());
  });

  it("moves a chat from deep in the list to the first page with its new message, and counts it", async () => {
    const deep = chats[3]!;
    const peer = (await listConversationPage(dan, { limit: 100, before: (await listConversationPage(dan, { limit: 100 })).next! })).conversations.find(
      (c) => c.id === deep,
    )!.peer!;
    await sendMessage({ id: peer.id }, { conversationId: deep, clientId: crypto.randomUUID(), body: "back again" });
    const first = await listConversationPage(dan, { limit: 3 });
    expect(first.conversations[0]).toMatchObject({ id: deep, unreadCount: 2, lastMessage: { body: "back again" } });
    expect(first.unreadTotal).toBe(121);

    const read = await markConversationRead(dan, deep, first.conversations[0]!.lastMessage!.id);
    expect(read).toEqual({ lastReadMessageId: first.conversations[0]!.lastMessage!.id, unreadCount: 0, unreadTotal: 119, mentionCount: 0 });
    expect(await countUnread(dan)).toBe(119);
  });

  it("counts a deleted message out of the unread it was in", async () => {
    const chat = chats[10]!;
    const peer = (await listConversationPage(dan, { q: "peer10" })).conversations.find((c) => c.id === chat)!.peer!;
    const extra = await sendMessage({ id: peer.id }, { conversationId: chat, clientId: crypto.randomUUID(), body: "oops" });
    expect(await countUnread(dan)).toBe(120);
    await deleteMessage({ id: peer.id, username: peer.username }, { messageId: extra.message.id });
    expect(await countUnread(dan)).toBe(119);
  });

  it("leaves a blocked person's unread out of the total until they are unblocked", async () => {
    const chat = chats[20]!;
    const peer = (await listConversationPage(dan, { q: "peer20" })).conversations.find((c) => c.id === chat)!.peer!;
    const before = await countUnread(dan);
    await blockUser(dan, peer.id);
    expect(await countUnread(dan)).toBe(before - 1);
    expect((await listConversationPage(dan)).unreadTotal).toBe(before - 1);
    // Blocked the other way round, the chat stays listed and counted.
    await blockUser(peer, dan.id);
    await unblockUser(dan, peer.id);
    expect(await countUnread(dan)).toBe(before);
    await unblockUser(peer, dan.id);
  });

  it("finds chats by any part of their title or person's names, over the whole list", async () => {
    const titles = async (q: string) => (await listConversationPage(dan, { q })).conversations.map((c) => c.title);
    // Newest first: peer119 wrote last.
    expect(await titles("peer11")).toEqual([...Array.from({ length: 10 }, (_, k) => `peer${119 - k}`), "peer11"]);
    expect(await titles("zoë o'h")).toEqual(["Zoë O'Hara"]);
    expect(await titles("HARA")).toEqual(["Zoë O'Hara"]);
    // LIKE's wildcards are what they look like.
    expect(await titles("%")).toEqual([]);
    expect(await titles("_")).toEqual([]);
  });

  it("refuses a cursor or a size it did not make", async () => {
    await expect(listConversationPage(dan, { before: "yesterday" })).rejects.toMatchObject({ code: "bad_request:input" });
    await expect(listConversationPage(dan, { limit: 1000 })).rejects.toMatchObject({ code: "bad_request:input" });
    await expect(listConversationPage(dan, { q: "x".repeat(101) })).rejects.toMatchObject({ code: "bad_request:input" });
  });
});
