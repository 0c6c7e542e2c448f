import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { STANDALONE_DIR } from "@/scripts/lib/standalone";
import { argsOf, readDockerfile } from "../support/dockerfile";
import { TEST_REALTIME } from "../support/stack";

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
  const natives = (scope: string, prefix: string) =>
    readdirSync(inTree(`node_modules/${scope}`)).filter((name) => name.startsWith(prefix) && name !== prefix);
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
