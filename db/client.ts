import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema";
import { cacheStatements } from "./statement-cache";

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

const POOL_SIZE = 20;
// synchronous = NORMAL: in WAL mode a commit no longer waits for an fsync (the WAL is synced at each
// checkpoint instead). libSQL runs on the server's one JavaScript thread, so with the default (FULL)
// every message sent stalled every request in flight for the length of an fsync. The file cannot be
// corrupted either way; what NORMAL gives up is the last commits before a power cut or kernel crash
// (a crash of the app itself loses nothing).
const CONNECTION_SETTINGS = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

/** Opens a database by URL with the settings every connection needs. */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const local = url.startsWith("file:");
  if (local) {
    cacheStatements();
    const path = url.slice("file:".length);
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // `timeout` is SQLite's busy_timeout on every pooled connection: writers wait instead of failing.
  const client = createClient({ url, authToken, timeout: 5000, concurrency: POOL_SIZE });
  if (local) {
    // WAL is a property of the file; foreign keys are libSQL's default, stated here so it never drifts.
    await client.executeMultiple("PRAGMA journal_mode = WAL;");
    // The other settings belong to each connection, and the client opens pooled connections as
    // concurrent requests need them. Borrowing them all at once, now, opens every one of them here.
    await Promise.all(Array.from({ length: POOL_SIZE }, () => client.executeMultiple(CONNECTION_SETTINGS)));
  }
  return drizzle(client, { schema });
}
