import "server-only";
import { env } from "@/lib/env";
import { openDatabase, type Database } from "./client";

export type { Database } from "./client";

const globalForDb = globalThis as unknown as { messengerDb?: Promise<Database> };

/** The app's database, opened once per process (and once across dev hot reloads). */
export function getDb(): Promise<Database> {
  globalForDb.messengerDb ??= openDatabase(env().databaseUrl, env().databaseAuthToken);
  return globalForDb.messengerDb;
}
