import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { freePort, waitForHttp } from "./ports";

export type SoketiOptions = {
  port: number;
  appId: string;
  key: string;
  secret: string;
  /** Where Soketi posts its webhooks (presence), if anywhere. */
  webhookUrl?: string;
  /** Joins this Soketi to every other one on the same Redis (a cluster); alone when absent. */
  redis?: SoketiRedis;
  /** Passed through to the child's stdout/stderr, or dropped. */
  output?: "inherit" | "ignore" | ((line: string) => void);
};

export type SoketiRedis = { host: string; port: number };

export type SoketiProcess = { port: number; child: ChildProcess; stop: () => Promise<void> };

/** Events per triggerBatch call that the Soketis this project starts accept (Soketi's default is 10). */
export const SOKETI_BATCH_SIZE = 100;

/**
 * Seconds a WebSocket may stay silent before Soketi closes it (uWebSockets pings it well before, and
 * a live browser answers): how soon a browser that lost its network without closing is let go, its
 * channels vacated and its person shown offline. Soketi's own is 120 s; see soketi-server.mjs.
 */
export const SOKETI_IDLE_TIMEOUT_S = 20;

/** How long a new socket has to sign in before Soketi ends it (4009). */
export const USER_AUTHENTICATION_TIMEOUT_MS = 120_000;

/** The app's route for Soketi's webhooks (presence: channel occupied and vacated). */
export const WEBHOOK_PATH = "/api/realtime/webhook";

/**
 * The settings that tie a Soketi to this app: its credentials, client events (typing indicators) and
 * webhooks. The embedded Soketi and compose.yaml's containers all use exactly these
 * (tests/integration/compose.test.ts holds the containers to them).
 */
export function soketiAppEnvironment(app: Omit<SoketiOptions, "port" | "output">): Record<string, string> {
  const environment: Record<string, string> = {
    SOKETI_DEFAULT_APP_ID: app.appId,
    SOKETI_DEFAULT_APP_KEY: app.key,
    SOKETI_DEFAULT_APP_SECRET: app.secret,
    // Typing indicators are client events; Pusher Channels' own limits apply to them here too.
    SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: "true",
    // Every socket signs in as its user (pusher-js `signin`, /api/realtime/user-auth), so that a
    // revoked session's sockets can be ended at once (terminate_connections). Soketi only accepts
    // sign-ins with this on, and then ends a socket that has not signed in within the timeout below.
    SOKETI_DEFAULT_APP_USER_AUTHENTICATION: "true",
    // Soketi's own 30 s is shorter than a sign-in can take when every tab reconnects at once (a
    // realtime restart queues hundreds of requests at the app): the load test saw sockets ended
    // 30 s after connecting, their sign-in still queued. A socket that never signs in is ended all
    // the same, two minutes on, and any new subscription is still checked against the session.
    SOKETI_USER_AUTHENTICATION_TIMEOUT: String(USER_AUTHENTICATION_TIMEOUT_MS),
    SOKETI_DEFAULT_APP_MAX_CLIENT_EVENTS_PER_SEC: "10",
    SOKETI_EVENT_MAX_SIZE_IN_KB: "10",
    // A message's events go out in one triggerBatch call (lib/realtime/server.ts publishAll): the app
    // is told the same number as PUSHER_BATCH_SIZE.
    SOKETI_EVENT_MAX_BATCH_SIZE: String(SOKETI_BATCH_SIZE),
  };
  if (app.webhookUrl) {
    environment.SOKETI_DEFAULT_APP_WEBHOOKS = JSON.stringify([{ url: app.webhookUrl, event_types: ["channel_occupied", "channel_vacated"] }]);
  }
  return environment;
}

/**
 * The settings that make Soketis on one Redis serve one set of channels: the Redis adapter relays every
 * published event to every node and answers cluster-wide counts (so channel_occupied and
 * channel_vacated, which presence rests on, describe the whole cluster, not one node). Rate-limit
 * counters live in Redis too, as Soketi advises for several nodes: per-socket limits (client events)
 * would hold either way, but an app-wide one set later would otherwise be multiplied by the node count.
 * compose.yaml's self-host Soketi uses exactly these (tests/integration/compose.test.ts).
 */
export function soketiRedisEnvironment(redis: SoketiRedis): Record<string, string> {
  return {
    SOKETI_ADAPTER_DRIVER: "redis",
    SOKETI_DB_REDIS_HOST: redis.host,
    SOKETI_DB_REDIS_PORT: String(redis.port),
    SOKETI_RATE_LIMITER_DRIVER: "redis",
  };
}

/** Soketi's own settings, derived from the app's realtime credentials so the two can never disagree. */
export function soketiEnvironment(options: Omit<SoketiOptions, "output">, metricsPort: number): Record<string, string> {
  return {
    SOKETI_HOST: "127.0.0.1",
    SOKETI_PORT: String(options.port),
    ...soketiAppEnvironment(options),
    ...(options.redis ? soketiRedisEnvironment(options.redis) : {}),
    SOKETI_METRICS_ENABLED: "false",
    SOKETI_METRICS_SERVER_PORT: String(metricsPort),
    SOKETI_DEBUG: "0",
  };
}

/** Starts the Soketi installed in node_modules and resolves once it accepts connections. */
export async function startSoketi(options: SoketiOptions): Promise<SoketiProcess> {
  const metricsPort = await freePort();
  const bin = resolve(process.cwd(), "scripts/lib/soketi-server.mjs");
  const output = options.output ?? "ignore";
  const child = spawn(process.execPath, [bin, "start"], {
    env: {
      ...process.env,
      ...soketiEnvironment(options, metricsPort),
      MESSENGER_SOKETI_IDLE_TIMEOUT_S: String(SOKETI_IDLE_TIMEOUT_S),
      NODE_NO_WARNINGS: "1",
    },
    stdio: ["ignore", typeof output === "function" ? "pipe" : output, typeof output === "function" ? "pipe" : output],
  });
  if (typeof output === "function") {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) =>
        chunk
          .split("\n")
          .filter((l) => l.trim())
          .forEach(output),
      );
    }
  }
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`Soketi exited with code ${code} before it was ready`))));
  exited.catch(() => {});
  await Promise.race([waitForHttp(`http://127.0.0.1:${options.port}/ready`, 30_000), exited]);
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      // Soketi exits by itself once its shutdown grace period (3 s) has let clients go; only a hung one is killed.
      setTimeout(() => child.kill("SIGKILL"), 6000).unref();
    });
  return { port: options.port, child, stop };
}
