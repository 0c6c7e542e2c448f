import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { TEST_REALTIME } from "@/tests/support/stack";
import { createLogger } from "./log";
import { startServer } from "./server-start";

it("migrates a fresh database and logs one JSON line naming it and the realtime server, without secrets", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "messenger-start-")), "fresh.db");
  process.env.DATABASE_URL = `file:${path}`;
  process.env.DATABASE_AUTH_TOKEN = "token-that-must-not-be-logged";

  const lines: string[] = [];
  await startServer(createLogger((line) => lines.push(line)));

  expect(lines.map((line) => JSON.parse(line))).toEqual([
    {
      level: "info",
      msg: "Messenger starting",
      time: expect.any(String),
      database: `file:${path}`,
      realtime: `http://127.0.0.1:${process.env.PUSHER_PORT}`,
    },
  ]);
  expect(lines[0]).not.toContain(TEST_REALTIME.secret);
  expect(lines[0]).not.toContain("token-that-must-not-be-logged");
  const db = await openDatabase(`file:${path}`);
  const tables = await db.$client.execute("select name from sqlite_master where type = 'table'");
  expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(["user", "message", "__drizzle_migrations"]));
  db.$client.close();
});
