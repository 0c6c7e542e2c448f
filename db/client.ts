import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema";

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** Opens a database by URL with the settings every connection needs. */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const local = url.startsWith("file:");
  if (local) {
    const path = url.slice("file:".length);
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // `timeout` is SQLite's busy_timeout on every pooled connection: writers wait instead of failing.
  const client = createClient({ url, authToken, timeout: 5000 });
  if (local) {
    // WAL is a property of the file; foreign keys are libSQL's default, stated here so it never drifts.
    await client.executeMultiple("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
  }
  return drizzle(client, { schema });
}

