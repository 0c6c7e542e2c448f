import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "@playwright/test";
import { test } from "../fixtures";
import { freePort } from "@/scripts/lib/ports";
import { STANDALONE_DIR, STANDALONE_ENTRY } from "@/scripts/lib/standalone";
import { argsOf, readDockerfile } from "../support/dockerfile";
import { TEST_AUTH_SECRET, TEST_REALTIME } from "../support/stack";

// This whole suite runs against the standalone server (tests/support/stack.ts); these check what
// the Docker image and the health check rely on, against the build that was just made.

test("the build holds every file the Docker image copies and the server needs at run time", () => {
  const runtime = readDockerfile().at(-1)!;
  for (const copy of argsOf(runtime, "COPY")) {
    const source = /--from=build \/app\/(\S+)/.exec(copy)?.[1];
    expect(source, copy).toBeDefined();
    expect(existsSync(source!), `${source} exists after npm run build`).toBe(true);
  }
  const inTree = (path: string) => join(STANDALONE_DIR, path);
  expect(readdirSync(inTree(".next/static")).length).toBeGreaterThan(0);
  expect(existsSync(inTree("public/icon.svg"))).toBe(true);
  // Migrations are applied at start, so they must travel with the server.
  expect(readdirSync(inTree("db/migrations")).sort()).toEqual(readdirSync("db/migrations").sort());
  // Native modules are loaded from node_modules, with the binary for this platform.
  for (const pkg of ["@libsql/client", "libsql", "@node-rs/argon2"]) {
    expect(existsSync(inTree(`node_modules/${pkg}/package.json`)), pkg).toBe(true);
  }
  const natives = (scope: string, prefix: string) => readdirSync(inTree(`node_modules/${scope}`)).filter((name) => name.startsWith(prefix) && name !== prefix);
  expect(natives("@libsql", `${process.platform}-`).length).toBeGreaterThan(0);
  expect(natives("@node-rs", "argon2-").length).toBeGreaterThan(0);
});

test("the server logged one JSON start-up line naming its database and realtime server", () => {
  const log = readFileSync(process.env.E2E_SERVER_LOG!, "utf8");
  const starts = log
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.msg === "Messenger starting");
  expect(starts).toEqual([
    {
      level: "info",
      msg: "Messenger starting",
      time: expect.any(String),
      database: expect.stringMatching(/^file:\/.+\/messenger\.db$/),
      realtime: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    },
  ]);
  expect(log).not.toContain(TEST_REALTIME.secret);
});

test("GET /api/health answers 200 with both checks passing", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", checks: { database: { ok: true }, realtime: { ok: true } } });
});

/** Starts the standalone server with exactly `env` (and no .env file) and resolves with its exit code and output. */
async function startRefused(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "messenger-refused-"));
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(STANDALONE_DIR, STANDALONE_ENTRY)], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1", DATABASE_URL: `file:${join(dir, "m.db")}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", done));
  // Should it wait for a first request before starting up, ask: it must still refuse.
  const poke = setInterval(() => void fetch(`http://127.0.0.1:${port}/api/health`).catch(() => {}), 500);
  const timeout = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await exited;
  clearInterval(poke);
  clearTimeout(timeout);
  rmSync(dir, { recursive: true, force: true });
  return { code, output };
}

test("the production server refuses to start on published or short secrets, naming the variable", async () => {
  test.setTimeout(120_000);
  const realtime = { PUSHER_APP_ID: "messenger", PUSHER_KEY: "messenger-key", PUSHER_HOST: "127.0.0.1", PUSHER_PORT: "1" };
  // What a self-hoster gets by copying an older .env.example and adding only AUTH_SECRET.
  const published = await startRefused({ ...realtime, AUTH_SECRET: TEST_AUTH_SECRET, PUSHER_SECRET: "messenger-secret" });
  expect(published.code).toBe(1);
  expect(published.output).toContain("PUSHER_SECRET is a published development value");

  const short = await startRefused({ ...realtime, AUTH_SECRET: "sixteen-chars-ok", PUSHER_SECRET: TEST_REALTIME.secret });
  expect(short.code).toBe(1);
  expect(short.output).toContain("AUTH_SECRET must be at least 32 characters");

  // .env.example as it ships leaves every secret empty: production names them as missing.
  const shipped = Object.fromEntries(
    readFileSync(".env.example", "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  expect(shipped).toMatchObject({ AUTH_SECRET: "", PUSHER_SECRET: "" });
  // Its relative database path lands in the server's own temporary directory.
  const fromExample = await startRefused(shipped);
  expect(fromExample.code).toBe(1);
  expect(fromExample.output).toMatch(/Missing required environment variables? for production: AUTH_SECRET, PUSHER_SECRET/);
});
