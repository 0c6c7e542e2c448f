import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { cacheStatements } from "./statement-cache";

const path = () => join(mkdtempSync(join(tmpdir(), "messenger-stmt-")), "cache.db");

describe("the statement cache", () => {
  it("gives each connection one prepared statement per SQL text", () => {
    cacheStatements();
    const file = path();
    const a = new Database(file);
    const b = new Database(file);
    try {
      expect(a.prepare("SELECT 1")).toBe(a.prepare("SELECT 1"));
      expect(a.prepare("SELECT 1")).not.toBe(a.prepare("SELECT 2"));
      expect(b.prepare("SELECT 1")).not.toBe(a.prepare("SELECT 1"));
    } finally {
      a.close();
      b.close();
    }
  });

  it("answers right through the client when statements are reused: new arguments, errors, transactions, schema changes", async () => {
    const file = `file:${path()}`;
    const db = await openDatabase(file);
    const client = db.$client;
    try {
      await client.executeMultiple("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE);");
      const insert = (v: string) => client.execute({ sql: "INSERT INTO t (v) VALUES (?) RETURNING id", args: [v] });
      const named = (from: number) => client.execute({ sql: "SELECT id, v FROM t WHERE id >= ? ORDER BY id", args: [from] });
      expect((await insert("a")).rows[0]!.id).toBe(1);
      await expect(insert("a")).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
      expect((await insert("b")).rows[0]!.id).toBe(2);

      const rolledBack = await client.transaction("write");
      await rolledBack.execute({ sql: "INSERT INTO t (v) VALUES (?) RETURNING id", args: ["c"] });
      await rolledBack.rollback();
      const committed = await client.transaction("write");
      await committed.execute({ sql: "INSERT INTO t (v) VALUES (?) RETURNING id", args: ["d"] });
      await committed.commit();

      expect((await named(1)).rows.map((r) => r.v)).toEqual(["a", "b", "d"]);
      expect((await named(3)).rows.map((r) => [r.id, r.v])).toEqual([[3, "d"]]);
      // Another instance migrates: every kept statement still answers for the schema as it is now.
      const other = await openDatabase(file);
      await other.$client.execute("ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'new'");
      other.$client.close();
      expect((await insert("e")).rows[0]!.id).toBe(4);
      expect((await named(3)).rows.map((r) => [r.id, r.v])).toEqual([
        [3, "d"],
        [4, "e"],
      ]);
    } finally {
      client.close();
    }
  });
});
