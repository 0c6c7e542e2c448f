import "server-only";
import { getDb } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { describeDatabase, describeRealtime } from "./describe";
import { env, EnvError } from "./env";
import { log as defaultLog, type Logger } from "./log";

/**
 * What every server process does before it answers a request (see instrumentation.ts): validate the
 * environment, say in one line what it uses (before anything can fail on it), and apply pending
 * migrations unless the deployment applies them in its own step (Vercel).
 */
export async function startServer(log: Logger = defaultLog): Promise<void> {
  const config = env();
  const { realtime, realtimeClient: client } = config;
  const sameEndpoint = client.host === realtime.host && client.port === realtime.port && client.useTLS === realtime.useTLS;
  log.info("Messenger starting", {
    database: describeDatabase(config.databaseUrl),
    realtime: describeRealtime(realtime),
    ...(sameEndpoint ? {} : { browserRealtime: describeRealtime(client, { browser: true }) }),
  });
  if (config.migrateOnStart) await migrateDatabase(await getDb());
}

/**
 * startServer(), stopping the process when it fails: Next.js would log a failed register() and serve
 * anyway, but without its settings or its schema the app must not answer, and a supervisor (Docker,
 * systemd) should see it fail.
 */
export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (error) {
    defaultLog.error("Messenger cannot start", { error: error instanceof EnvError ? error.message : error });
    process.exit(1);
  }
}
