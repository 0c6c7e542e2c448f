// Applies committed migrations to the configured database (DATABASE_URL, or the default file).
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { env, EnvError } from "@/lib/env";
import { describeDatabase } from "@/lib/describe";

try {
  const { databaseUrl, databaseAuthToken } = env();
  const db = await openDatabase(databaseUrl, databaseAuthToken);
  await migrateDatabase(db);
  db.$client.close();
  console.log(`migrations applied to ${describeDatabase(databaseUrl)}`);
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
