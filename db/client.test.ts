import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";

describe("openDatabase", () => {
  it("applies the per-connection settings on every pooled connection, including those transactions hold", async () => {
    const db = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), "messenger-client-")), "pool.db")}`);
    try {
      // Each open transaction holds a connection of its own, so these are all different connections.
      const transactions = await Promise.all(Array.from({ length: 20 }, () => db.$client.transaction("read")));
      const settings = await Promise.all(
        transactions.map(async (tx) => {
          const synchronous = (await tx.execute("PRAGMA synchronous")).rows[0]!.synchronous;
          const foreignKeys = (await tx.execute("PRAGMA foreign_keys")).rows[0]!.foreign_keys;
          const busyTimeout = (await tx.execute("PRAGMA busy_timeout")).rows[0]!.timeout;
          return { synchronous, foreignKeys, busyTimeout };
        }),
      );
      for (const tx of transactions) tx.close();
      // synchronous 1 is NORMAL; busy_timeout is the client's `timeout`.
      expect(new Set(settings.map((s) => JSON.stringify(s)))).toEqual(new Set([JSON.stringify({ synchronous: 1, foreignKeys: 1, busyTimeout: 5000 })]));
      expect((await db.$client.execute("PRAGMA journal_mode")).rows[0]!.journal_mode).toBe("wal");
    } finally {
      db.$client.close();
    }
  });
});
