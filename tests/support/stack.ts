import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { freePort, waitForHttp } from "@/scripts/lib/ports";
import { startSoketi, WEBHOOK_PATH, type SoketiProcess } from "@/scripts/lib/soketi";
import { STANDALONE_DIR, STANDALONE_ENTRY } from "@/scripts/lib/standalone";

export const TEST_REALTIME = { appId: "messenger-test", key: "messenger-test-key", secret: "messenger-test-secret" };
/** The server's Auth.js secret: the benchmark mints session cookies with it. */
export const TEST_AUTH_SECRET = "end-to-end-test-secret-0123456789";

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
  /** Everything the app server printed, as it printed it. */
  serverLog: string;
  /** The app server's process id (the benchmark reads its CPU time). */
  appPid: number | null;
  /** The running Soketi's process id (the benchmark reads its memory), or null while it is down. */
  soketiPid: () => number | null;
  /** Kills the realtime server (SIGKILL), as a crash would. */
  killSoketi: () => Promise<void>;
  /** Starts it again on the same port. */
  startSoketi: () => Promise<void>;
  stop: () => Promise<void>;
};

export type StackOptions = {
  log?: boolean;
  /** Node flags for the app's process (the benchmark's --profile passes --cpu-prof here). */
  appNodeArgs?: string[];
};

/**
 * The whole app as production runs it, on free ports, with its own Soketi and database: nothing it
 * does touches a developer's running app or data. The server is the standalone build started exactly
 * as the Docker image starts it (`node server.js`, configured only by its environment), on an empty
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

  const app: ChildProcess = spawn(process.execPath, [...(options.appNodeArgs ?? []), resolve(STANDALONE_DIR, STANDALONE_ENTRY)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(appPort),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: TEST_AUTH_SECRET,
      PUSHER_APP_ID: TEST_REALTIME.appId,
      PUSHER_KEY: TEST_REALTIME.key,
      PUSHER_SECRET: TEST_REALTIME.secret,
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(soketiPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logFile = createWriteStream(serverLog);
  for (const stream of [app.stdout!, app.stderr!]) {
    stream.pipe(logFile, { end: false });
    if (options.log) stream.pipe(process.stderr, { end: false });
  }
  const baseURL = `http://127.0.0.1:${appPort}`;
  const exited = new Promise<never>((_, reject) =>
    app.once("exit", (code) => reject(new Error(`the app server exited with code ${code}`))),
  );
  exited.catch(() => {});
  try {
    // 200 only once migrations ran and both the database and Soketi answer.
    await Promise.race([waitForHttp(`${baseURL}/api/health`, 60_000), exited]);
  } catch (error) {
    const closed = new Promise((done) => (app.exitCode !== null ? done(null) : app.once("close", done)));
    app.kill("SIGKILL");
    await Promise.all([closed, soketi.stop()]);
    await new Promise((done) => logFile.end(done));
    throw new Error(`${(error as Error).message}\n--- the app server's output:\n${readFileSync(serverLog, "utf8")}`);
  }

  return {
    baseURL,
    databaseUrl,
    soketiPort,
    serverLog,
    appPid: app.pid ?? null,
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
    stop: async () => {
      const exited = new Promise((done) => (app.exitCode !== null ? done(null) : app.once("exit", done)));
      app.kill("SIGTERM");
      await Promise.all([exited, soketi?.stop()]);
      logFile.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
