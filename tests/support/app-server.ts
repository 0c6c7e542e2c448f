import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { resolve } from "node:path";
import { waitForHttp } from "@/scripts/lib/ports";
import { STANDALONE_DIR, STANDALONE_ENTRY } from "@/scripts/lib/standalone";

export type AppServerOptions = {
  port: number;
  /** The whole environment of the server beyond process.env (database, secrets, realtime). */
  env: Record<string, string>;
  /** Appended to, across restarts. */
  logPath: string;
  /** Also echo the server's output to this process's stderr. */
  echo?: boolean;
  /** Node flags for the server's process (the benchmark's --profile passes --cpu-prof here). */
  nodeArgs?: string[];
};

export type AppServer = {
  baseURL: string;
  port: number;
  /** The running process's id, or null while it is down. */
  pid: () => number | null;
  /** Kills the server as a crash would (SIGKILL) and waits until it is gone. */
  kill: () => Promise<void>;
  /** Starts it again on the same port, against the same database, and waits until it is healthy. */
  start: () => Promise<void>;
  /** A clean shutdown (SIGTERM). */
  stop: () => Promise<void>;
};

/**
 * The standalone build, started exactly as the Docker image starts it (`node server.js`, configured
 * only by its environment), on a port of the caller's choosing. It can be killed and started again
 * on the same port, which is what the fault tests do to it.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const baseURL = `http://127.0.0.1:${options.port}`;
  const log: WriteStream = createWriteStream(options.logPath, { flags: "a" });
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    if (child) return;
    const current = spawn(process.execPath, [...(options.nodeArgs ?? []), resolve(STANDALONE_DIR, STANDALONE_ENTRY)], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(options.port),
        HOSTNAME: "127.0.0.1",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = current;
    for (const stream of [current.stdout!, current.stderr!]) {
      stream.pipe(log, { end: false });
      if (options.echo) stream.pipe(process.stderr, { end: false });
    }
    const exited = new Promise<never>((_, reject) =>
      current.once("exit", (code, signal) => reject(new Error(`the app server exited (${signal ?? `code ${code}`})`))),
    );
    exited.catch(() => {});
    current.once("exit", () => {
      if (child === current) child = null;
    });
    try {
      // 200 only once migrations ran and both the database and the realtime server answer.
      await Promise.race([waitForHttp(`${baseURL}/api/health`, 60_000), exited]);
    } catch (error) {
      await kill();
      throw new Error(`${(error as Error).message}\n--- the app server's output:\n${readFileSync(options.logPath, "utf8")}`);
    }
  }

  async function stopWith(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    if (!current) return;
    child = null;
    if (current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((done) => current.once("exit", done));
    current.kill(signal);
    await exited;
  }
  const kill = () => stopWith("SIGKILL");

  await start();
  return {
    baseURL,
    port: options.port,
    pid: () => child?.pid ?? null,
    kill,
    start,
    stop: async () => {
      await stopWith("SIGTERM");
      await new Promise((done) => log.end(done));
    },
  };
}
