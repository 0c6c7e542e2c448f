import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { freePort } from "@/scripts/lib/ports";
import { SOKETI_BATCH_SIZE, startSoketi, WEBHOOK_PATH, type SoketiProcess } from "@/scripts/lib/soketi";
import { startAppServer } from "./app-server";

export const TEST_REALTIME = { appId: "messenger-test", key: "messenger-test-key", secret: "messenger-test-secret-0123456789abcdef" };
/**
 * The server's Auth.js secret: the benchmark mints session cookies with it. Both secrets are at least
 * 32 characters and unlike the development defaults, or a production server would not start on them.
 */
export const TEST_AUTH_SECRET = "end-to-end-test-secret-0123456789";

/**
 * The environment every test app server runs with: the test secrets, its realtime server, and rate
 * limits scaled up so that a suite signing up hundreds of people from 127.0.0.1 is not throttled
 * (the rate-limit tests start servers of their own at the real limits).
 */
export function testAppEnv(databaseUrl: string, soketiPort: number): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: TEST_AUTH_SECRET,
    PUSHER_APP_ID: TEST_REALTIME.appId,
    PUSHER_KEY: TEST_REALTIME.key,
    PUSHER_SECRET: TEST_REALTIME.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(soketiPort),
    PUSHER_BATCH_SIZE: String(SOKETI_BATCH_SIZE),
    RATE_LIMIT_MULTIPLIER: "1000",
    // Files beside the database, in the stack's own folder.
    FILES_DIR: join(dirname(databaseUrl.replace(/^file:/, "")), "files"),
  };
}

/** A throw-away database file with every migration applied. */
export async function createTestDatabase(dir: string): Promise<string> {
  const url = `file:${join(dir, "messenger.db")}`;
  const db = await openDatabase(url);
  await migrateDatabase(db);
  db.$client.close();
  return url;
}

export type Stack = {
  baseURL: string;
  databaseUrl: string;
  soketiPort: number;
  /** The file the app server's output goes to, across restarts. */
  serverLog: string;
  /** The app server's process id (the benchmark reads its CPU time), or null while it is down. */
  appPid: () => number | null;
  /** The running Soketi's process id (the benchmark reads its memory), or null while it is down. */
  soketiPid: () => number | null;
  /** Kills the realtime server (SIGKILL), as a crash would. */
  killSoketi: () => Promise<void>;
  /** Starts it again on the same port. */
  startSoketi: () => Promise<void>;
  /** Kills the app server (SIGKILL), as a crash would. */
  killApp: () => Promise<void>;
  /** Starts it again on the same port and database, and waits until it is healthy. */
  startApp: () => Promise<void>;
  stop: () => Promise<void>;
};

export type StackOptions = {
  log?: boolean;
  /** Node flags for the app's process (the benchmark's --profile passes --cpu-prof here). */
  appNodeArgs?: string[];
  /** Extra environment for the app server, over the stack's own. */
  env?: Record<string, string>;
};

/**
 * The whole app as production runs it, on free ports, with its own Soketi and database: nothing it
 * does touches a developer's running app or data. The server is the standalone build on an empty
 * database that it migrates itself as it starts.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "messenger-e2e-"));
  const databaseUrl = `file:${join(dir, "messenger.db")}`;
  const serverLog = join(dir, "server.log");
  const soketiPort = await freePort();
  const appPort = await freePort();
  const output = options.log ? "inherit" : "ignore";
  // Presence comes from Soketi's webhooks to the app, as in production.
  const soketiOptions = { port: soketiPort, ...TEST_REALTIME, webhookUrl: `http://127.0.0.1:${appPort}${WEBHOOK_PATH}`, output } as const;
  let soketi: SoketiProcess | null = await startSoketi(soketiOptions);

  let app;
  try {
    app = await startAppServer({
      port: appPort,
      logPath: serverLog,
      echo: options.log,
      nodeArgs: options.appNodeArgs,
      env: { ...testAppEnv(databaseUrl, soketiPort), ...options.env },
    });
  } catch (error) {
    await soketi.stop();
    throw error;
  }

  return {
    baseURL: app.baseURL,
    databaseUrl,
    soketiPort,
    serverLog,
    appPid: app.pid,
    soketiPid: () => soketi?.child.pid ?? null,
    killSoketi: async () => {
      const current = soketi;
      soketi = null;
      if (!current) return;
      const exited = new Promise((done) => current.child.once("exit", done));
      current.child.kill("SIGKILL");
      await exited;
    },
    startSoketi: async () => {
      soketi ??= await startSoketi(soketiOptions);
    },
    killApp: app.kill,
    startApp: app.start,
    stop: async () => {
      await Promise.all([app.stop(), soketi?.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
