import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { migrateDatabase, MIGRATIONS_FOLDER } from "./migrate";

describe("migrateDatabase", () => {
  it("lets several instances start at once on one new database: each comes up, each migration runs once", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "messenger-migrate-")), "messenger.db")}`;
    // Separate clients, as separate server processes have: each with its own connections and locks.
    const instances = await Promise.all([openDatabase(url), openDatabase(url), openDatabase(url)]);

    const results = await Promise.allSettled(instances.map((db) => migrateDatabase(db)));

    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok", "ok"]);
    const migrations = readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith(".sql"));
    const [applied] = await instances[0]!.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
    expect(applied!.n).toBe(migrations.length);
    for (const db of instances) db.$client.close();
  });
});
