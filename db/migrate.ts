import { migrate } from "drizzle-orm/libsql/migrator";
import { resolve } from "node:path";
import type { Database } from "./client";

export const MIGRATIONS_FOLDER = resolve(process.cwd(), "db/migrations");

const ATTEMPTS = 3;

/**
 * Applies pending migrations. Several instances may start at once on one database (a deploy of N
 * instances): drizzle reads which migrations are applied before it takes the write lock, so all but
 * the first find the tables already made and their batch rolls back whole. Read again, nothing is
 * pending any more. A migration that is itself broken fails every attempt and is reported.
 */
export async function migrateDatabase(db: Database): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}
