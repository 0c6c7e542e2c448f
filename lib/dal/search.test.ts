import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { mentionToken } from "@/lib/mentions";
import { MATCH_END, MATCH_START } from "@/lib/search-markers";
import { createActors } from "@/tests/support/actors";
import { makeContacts } from "@/tests/support/contacts";
import { changeUsername, deleteAccount, updateProfile } from "./account";
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

describe("searchMessages by the people a message mentions", () => {
  const plain = (snippet: string) => snippet.replaceAll(MATCH_START, "").replaceAll(MATCH_END, "");
  const found = async (who: Actor, q: string, conversationId?: string) => (await searchMessages(who, { q, conversationId })).map((r) => plain(r.snippet));
  /** FTS5 compares every index entry with the content view: the triggers left no stale names. */
  const indexAgrees = async () => {
    const db = await getDb();
    await db.$client.execute("INSERT INTO message_fts(message_fts, rank) VALUES ('integrity-check', 1)");
  };

  it("finds a mention by the person's display name and username, and shows it as @Name", async () => {
    const { dee, eli } = await createActors("dee", "eli");
    await updateProfile(dee, { firstName: "Dora", lastName: "Quill", bio: "" });
    await makeContacts(ana, [dee, eli]);
    const group = await createGroup(ana, { name: "mention names", memberIds: [dee.id, eli.id] });
    await say(ana, group, `thanks ${mentionToken(dee.id)} for the slides`);
    await say(ana, group, `and ${mentionToken(eli.id)} too`);
    expect(await found(ana, "Dora")).toEqual(["thanks @Dora Quill for the slides"]);
    // The index holds the name as it reads, so the snippet marks it, and no piece of the id.
    const [hit] = await searchMessages(ana, { q: "dora quill" });
    expect(hit!.snippet).toBe(`thanks @${MATCH_START}Dora${MATCH_END} ${MATCH_START}Quill${MATCH_END} for the slides`);
    expect(await found(ana, dee.id.slice(0, 8))).toEqual([]);
    expect(await found(eli, "quill", group)).toEqual(["thanks @Dora Quill for the slides"]);
    expect(await found(ana, "dee")).toEqual(["thanks @Dora Quill for the slides"]);
    // A person without a first or last name reads as their username.
    expect(await found(dee, "eli")).toEqual(["and @eli too"]);
    // Every word, in the text or the names.
    expect(await found(ana, "thanks dora")).toEqual(["thanks @Dora Quill for the slides"]);
    expect(await found(ana, "thanks eli")).toEqual([]);
    await indexAgrees();
  });

  it("finds a mention by the new name after a rename, and no longer by the old one", async () => {
    const { fay } = await createActors("fay");
    await updateProfile(fay, { firstName: "Fiona", lastName: "Marsh", bio: "" });
    await makeContacts(ana, [fay]);
    const group = await createGroup(ana, { name: "renames", memberIds: [fay.id] });
    const m = await say(ana, group, `ask ${mentionToken(fay.id)} about it`);
    expect(await found(ana, "Fiona")).toEqual(["ask @Fiona Marsh about it"]);
    await updateProfile(fay, { firstName: "Gwen", lastName: "Marsh", bio: "" });
    expect(await found(ana, "Fiona")).toEqual([]);
    expect(await found(ana, "gwen")).toEqual(["ask @Gwen Marsh about it"]);
    await changeUsername(fay, { username: "gwenm" });
    expect(await found(ana, "fay")).toEqual([]);
    expect(await found(ana, "gwenm")).toEqual(["ask @Gwen Marsh about it"]);
    // Edits that take the mention out and put it back, then the account gone: its names go too.
    await editMessage(ana, { messageId: m.id, body: "ask them about it" });
    expect(await found(ana, "gwen")).toEqual([]);
    await editMessage(ana, { messageId: m.id, body: `ask ${mentionToken(fay.id)} about it` });
    expect(await found(ana, "gwen")).toEqual(["ask @Gwen Marsh about it"]);
    await indexAgrees();
    await deleteAccount(fay, { password: "password-fay" });
    expect(await found(ana, "gwen")).toEqual([]);
    expect(await found(ana, "ask")).toContain("ask @Deleted user about it");
    await indexAgrees();
  });

  it("never finds a mention in a chat the searcher is not in, nor a token that mentions no one", async () => {
    const { gus, hal } = await createActors("gus", "hal");
    await updateProfile(hal, { firstName: "Harriet", lastName: "Vane", bio: "" });
    await makeContacts(cyd, [gus, hal]);
    const theirs = await createGroup(cyd, { name: "not ana's", memberIds: [gus.id, hal.id] });
    await say(cyd, theirs, `${mentionToken(hal.id)} has the keys`);
    expect(await found(gus, "harriet")).toEqual(["@Harriet Vane has the keys"]);
    expect(await found(ana, "harriet")).toEqual([]);
    expect(await found(ana, "hal")).toEqual([]);
    await expect(searchMessages(ana, { q: "harriet", conversationId: theirs })).rejects.toMatchObject({ code: "forbidden:conversation" });
    // In a direct chat a token is text as written, so it carries no one's name.
    await say(ana, anaBen, `ping ${mentionToken(hal.id)}`);
    expect(await found(ben, "harriet")).toEqual([]);
    await indexAgrees();
  });
});
