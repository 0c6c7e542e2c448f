import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { freePort, waitForHttp } from "@/scripts/lib/ports";
import { startSoketi, type SoketiProcess } from "@/scripts/lib/soketi";

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

/**
 * The whole app as production runs it (`next start` on the last build), on free ports, with its own
 * Soketi and database: nothing it does touches a developer's running app or data.
 */
export type StackOptions = {
  log?: boolean;
  /** Node flags for the app's process (the benchmark's --profile passes --cpu-prof here). */
  appNodeArgs?: string[];
};

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "messenger-e2e-"));
  const databaseUrl = await createTestDatabase(dir);
  const soketiPort = await freePort();
  const appPort = await freePort();
  const output = options.log ? "inherit" : "ignore";
  let soketi: SoketiProcess | null = await startSoketi({ port: soketiPort, ...TEST_REALTIME, output });

  const app: ChildProcess = spawn(
    process.execPath,
    [...(options.appNodeArgs ?? []), resolve("node_modules/next/dist/bin/next"), "start", "-p", String(appPort), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: TEST_AUTH_SECRET,
        PUSHER_APP_ID: TEST_REALTIME.appId,
        PUSHER_KEY: TEST_REALTIME.key,
        PUSHER_SECRET: TEST_REALTIME.secret,
        PUSHER_HOST: "127.0.0.1",
        PUSHER_PORT: String(soketiPort),
      },
      stdio: ["ignore", output, output],
    },
  );
  const baseURL = `http://127.0.0.1:${appPort}`;
  const stop = async () => {
    const exited = new Promise((done) => (app.exitCode !== null ? done(null) : app.once("exit", done)));
    app.kill("SIGTERM");
    await Promise.all([exited, soketi?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${baseURL}/sign-in`, 60_000);
  } catch (error) {
    // A server that never came up must not outlive the run that started it.
    await stop();
    throw error;
  }

  return {
    baseURL,
    databaseUrl,
    soketiPort,
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
      soketi ??= await startSoketi({ port: soketiPort, ...TEST_REALTIME, output });
    },
    stop,
  };
}
