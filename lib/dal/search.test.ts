import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { MATCH_END, MATCH_START } from "@/lib/search-markers";
import { createActors } from "@/tests/support/actors";
import { openDirectConversation } from "./conversations";
import { createGroup } from "./groups";
import { deleteMessage, editMessage, sendMessage } from "./messages";
import { scopedFtsQuery, searchMessages, toFtsQuery } from "./search";
import type { Actor } from "./users";

const { ana, ben, cyd } = await createActors("ana", "ben", "cyd");
const anaBen = await openDirectConversation(ana, ben.id);
const benCyd = await openDirectConversation(ben, cyd.id);

const say = (who: Actor, conversationId: string, body: string) =>
  sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body }).then((r) => r.message);

await say(ana, anaBen, "Meet at the Schönbrunn palace tomorrow?");
await say(ben, anaBen, "Palaces are great, see you there");
await say(ben, benCyd, "secret palace plans for cyd only");

describe("toFtsQuery", () => {
  it("makes every word a quoted prefix", () => {
    expect(toFtsQuery("pal tomor")).toBe('"pal"* "tomor"*');
  });
  it("searches FTS5 syntax as plain words", () => {
    expect(toFtsQuery('body:x OR "y" NEAR(z)')).toBe('"body"* "x"* "OR"* "y"* "NEAR"* "z"*');
    expect(toFtsQuery("***")).toBeNull();
  });
});

describe("searchMessages in one chat", () => {
  it("finds only that chat's messages", async () => {
    const all = await searchMessages(ben, { q: "palace" });
    expect(new Set(all.map((r) => r.conversationId))).toEqual(new Set([anaBen, benCyd]));
    const here = await searchMessages(ben, { q: "palace", conversationId: benCyd });
    expect(here.map((r) => r.conversationId)).toEqual([benCyd]);
    expect(here[0]!.snippet).toContain("plans for cyd");
  });
  it("refuses a chat the searcher is not in, and an unknown one", async () => {
    await expect(searchMessages(ana, { q: "palace", conversationId: benCyd })).rejects.toMatchObject({ code: "forbidden:conversation" });
    await expect(searchMessages(ana, { q: "palace", conversationId: crypto.randomUUID() })).rejects.toMatchObject({ code: "not_found:conversation" });
    await expect(searchMessages(ana, { q: "palace", conversationId: "x" })).rejects.toMatchObject({ code: "bad_request:input" });
  });
});

describe("searchMessages", () => {
  it("finds prefixes, newest first, with marked matches", async () => {
    const results = await searchMessages(ana, { q: "pala" });
    expect(results.map((r) => r.snippet.replaceAll(MATCH_START, "[").replaceAll(MATCH_END, "]"))).toEqual([
      "[Palaces] are great, see you there",
      "Meet at the Schönbrunn [palace] tomorrow?",
    ]);
    expect(results[0]).toMatchObject({ conversationId: anaBen, conversationTitle: "ben", senderUsername: "ben" });
  });

  it("ignores case and diacritics", async () => {
    expect(await searchMessages(ana, { q: "SCHONBR" })).toHaveLength(1);
  });

  it("needs every word", async () => {
    expect(await searchMessages(ana, { q: "palace tomorrow" })).toHaveLength(1);
    expect(await searchMessages(ana, { q: "palace nowhere" })).toHaveLength(0);
  });

  it("never returns messages of conversations the searcher is not in", async () => {
    expect(await searchMessages(ana, { q: "secret" })).toEqual([]);
    expect((await searchMessages(ana, { q: "palace" })).every((r) => r.conversationId === anaBen)).toBe(true);
    expect((await searchMessages(cyd, { q: "palace" })).map((r) => r.conversationId)).toEqual([benCyd]);
  });

  it("follows edits and deletes", async () => {
    const m = await say(ana, anaBen, "zebra crossing");
    expect(await searchMessages(ben, { q: "zebra" })).toHaveLength(1);
    await editMessage(ana, { messageId: m.id, body: "giraffe crossing" });
    expect(await searchMessages(ben, { q: "zebra" })).toHaveLength(0);
    expect(await searchMessages(ben, { q: "giraf" })).toHaveLength(1);
    await deleteMessage(ana, { messageId: m.id });
    expect(await searchMessages(ben, { q: "giraf" })).toHaveLength(0);
  });

  it("refuses empty and over-long queries", async () => {
    await expect(searchMessages(ana, { q: "  " })).rejects.toMatchObject({ status: 400 });
    await expect(searchMessages(ana, { q: "x".repeat(201) })).rejects.toMatchObject({ status: 400 });
  });

  it("asks the index for the searcher's conversations only, so its cost follows what they can see", async () => {
    const db = await getDb();
    const indexed = async (match: string) =>
      Number((await db.$client.execute({ sql: "SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH ?", args: [match] })).rows[0]!.n);
    const everywhere = await indexed('body : ("pala"*)');
    expect(everywhere).toBe(3);
    // The index itself hands over only ana's two: the third is never read, let alone joined.
    expect(await indexed(scopedFtsQuery(toFtsQuery("pala")!, [anaBen]))).toBe(2);
    expect(await indexed(scopedFtsQuery(toFtsQuery("pala")!, [benCyd]))).toBe(1);
    // One- to three-letter prefixes come from the prefix index.
    const [table] = (await db.$client.execute("SELECT sql FROM sqlite_master WHERE name = 'message_fts'")).rows;
    expect(String(table!.sql)).toContain("prefix='1 2 3'");
  });

  it("answers someone in no conversation at all without a search, and someone in hundreds", async () => {
    const { loner } = await createActors("loner");
    expect(await searchMessages(loner, { q: "p" })).toEqual([]);
    const { busy } = await createActors("busy");
    let last = "";
    for (let i = 0; i < 300; i++) last = await createGroup(busy, { name: `Group ${i}`, memberIds: [] });
    await say(busy, last, "palace in the last group");
    expect((await searchMessages(busy, { q: "pal" })).map((r) => r.conversationId)).toEqual([last]);
  });
});
