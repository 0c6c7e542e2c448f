import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Pusher from "pusher";
import { freePort } from "@/scripts/lib/ports";
import { startSoketi, WEBHOOK_PATH, type SoketiProcess } from "@/scripts/lib/soketi";
import { startAppServer, type AppServer } from "./app-server";
import { testAppEnv, TEST_REALTIME } from "./stack";

/** Debian's package (`apt-get install redis-server`), which .ci/run installs; REDIS_SERVER overrides. */
const REDIS_SERVER = process.env.REDIS_SERVER || "redis-server";

/** The Redis adapter's request channel: every joined Soketi node subscribes to it. */
const ADAPTER_REQUEST_CHANNEL = "redis-adapter#comms#req";

/** One command to a Redis on 127.0.0.1, answered with its raw RESP reply. */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.setTimeout(2000, () => socket.destroy(new Error("Redis did not answer")));
    socket.on("error", reject);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      // Every reply this file asks for is one line, or an array of lines ending in an integer.
      if (reply.endsWith("\r\n") && !/^\*/.test(reply)) socket.end();
      else if (/:\d+\r\n$/.test(reply)) socket.end();
    });
    socket.on("close", () => resolve(reply));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

export type RedisProcess = { port: number; child: ChildProcess; stop: () => Promise<void> };

/**
 * A throw-away Redis on a free port: nothing saved to disk, its own working directory. Fails with
 * how to install it when there is no redis-server, so that a machine without it fails the cluster
 * test rather than skip it.
 */
export async function startRedis(dir: string): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new Error(
              `${REDIS_SERVER} is not installed: the scale-out test runs a real Redis. ` +
                "On Debian or Ubuntu: apt-get install redis-server (.ci/run does this), or set REDIS_SERVER to its path.",
            )
          : error,
      ),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited with code ${code} before it was ready`)));
  });
  failed.catch(() => {});
  await Promise.race([until("Redis did not answer PING", async () => (await redisCommand(port, "PING")) === "+PONG\r\n", 30_000), failed]);
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      // SIGTERM is Redis's clean shutdown; with nothing to save it is immediate.
      child.kill("SIGTERM");
    });
  return { port, child, stop };
}

/** One Soketi node and the app instance that publishes to it and hands it to browsers. */
export type ClusterNode = {
  app: AppServer;
  baseURL: string;
  soketiPort: number;
  soketi: SoketiProcess;
  /** How many sockets this node says are subscribed to a channel, on every node of the cluster. */
  subscriptionCount: (channel: string) => Promise<number>;
};

function clusterNode(app: AppServer, soketi: SoketiProcess): ClusterNode {
  const api = new Pusher({ ...TEST_REALTIME, host: "127.0.0.1", port: String(soketi.port), useTLS: false });
  return {
    app,
    baseURL: app.baseURL,
    soketiPort: soketi.port,
    soketi,
    subscriptionCount: async (channel) => {
      const response = await api.get({ path: `/channels/${channel}`, params: { info: "subscription_count" } });
      return ((await response.json()) as { subscription_count: number }).subscription_count;
    },
  };
}

export type Cluster = {
  a: ClusterNode;
  b: ClusterNode;
  redisPort: number;
  databaseUrl: string;
  stop: () => Promise<void>;
};

/**
 * Messenger scaled out: one libSQL file database, one Redis, two Soketi nodes joined by Soketi's
 * Redis adapter, and two app servers sharing the database. App A publishes to node A and hands
 * browsers node A; app B the same with node B; each node sends its webhooks to its own app. So any
 * event that reaches a browser of the other side went through Redis, and any state both sides see
 * went through the database.
 */
export async function startCluster(options: { log?: boolean } = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "messenger-cluster-"));
  const databaseUrl = `file:${join(dir, "messenger.db")}`;
  // What is running, in the order it started: Redis, then the Soketi nodes, then the apps.
  const tiers: (() => Promise<void>)[][] = [[], [], []];
  const stop = async () => {
    // The other way round, each tier at once: apps publish to Soketi, Soketi's adapter talks to Redis.
    for (const tier of [...tiers].reverse()) await Promise.all(tier.map((stopOne) => stopOne().catch(() => {})));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const redis = await startRedis(dir);
    tiers[0]!.push(redis.stop);

    const [soketiPortA, soketiPortB, appPortA, appPortB] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const output = options.log ? "inherit" : "ignore";
    const node = (port: number, appPort: number) =>
      startSoketi({
        port,
        ...TEST_REALTIME,
        webhookUrl: `http://127.0.0.1:${appPort}${WEBHOOK_PATH}`,
        redis: { host: "127.0.0.1", port: redis.port },
        output,
      });
    const soketis = await Promise.allSettled([node(soketiPortA, appPortA), node(soketiPortB, appPortB)]);
    for (const started of soketis) if (started.status === "fulfilled") tiers[1]!.push(started.value.stop);
    const [soketiA, soketiB] = soketis.map((started) => {
      if (started.status === "rejected") throw started.reason;
      return started.value;
    });
    // Ready is not joined: each node's adapter subscribes to Redis in the background.
    await until(
      "The two Soketi nodes did not both join Redis",
      async () => /:2\r\n$/.test(await redisCommand(redis.port, "PUBSUB", "NUMSUB", ADAPTER_REQUEST_CHANNEL)),
      30_000,
    );

    const app = (port: number, soketiPort: number, name: string) =>
      startAppServer({ port, logPath: join(dir, `app-${name}.log`), echo: options.log, env: testAppEnv(databaseUrl, soketiPort) });
    // Both start at once on a database neither has migrated, as a rolling deploy of two instances would.
    const apps = await Promise.allSettled([app(appPortA, soketiA!.port, "a"), app(appPortB, soketiB!.port, "b")]);
    for (const started of apps) if (started.status === "fulfilled") tiers[2]!.push(started.value.stop);
    const [appA, appB] = apps.map((started) => {
      if (started.status === "rejected") throw started.reason;
      return started.value;
    });

    return {
      a: clusterNode(appA!, soketiA!),
      b: clusterNode(appB!, soketiB!),
      redisPort: redis.port,
      databaseUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
