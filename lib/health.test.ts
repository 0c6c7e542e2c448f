import { createServer, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { getDb } from "@/db";
import { openDatabase } from "@/db/client";
import { freePort } from "@/scripts/lib/ports";
import { checkHealth, healthResponse } from "./health";
import { env } from "./env";

// A TCP server that accepts connections and never answers: what a hung dependency looks like.
const held: Socket[] = [];
const silent = createServer((socket) => held.push(socket));
const silentPort = await new Promise<number>((resolve) => silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)));
afterAll(() => {
  held.forEach((socket) => socket.destroy());
  silent.close();
});

describe("GET /api/health", () => {
  it("answers 200 when the database and the realtime server are reachable", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({
      status: "ok",
      checks: { database: { ok: true }, realtime: { ok: true } },
    });
  });
});

describe("checkHealth", () => {
  it("answers 503 naming the realtime server when nothing listens on its port", async () => {
    const report = await checkHealth({ database: getDb, realtime: { ...env().realtime, port: await freePort() } });
    expect(report).toMatchObject({
      status: "unavailable",
      checks: { database: { ok: true }, realtime: { ok: false, error: "ECONNREFUSED" } },
    });
    expect(healthResponse(report).status).toBe(503);
  });

  it("fails the realtime check when the server refuses the app's credentials", async () => {
    const report = await checkHealth({ database: getDb, realtime: { ...env().realtime, secret: "not-the-secret" } });
    expect(report.checks.realtime).toMatchObject({ ok: false, error: "HTTP 401" });
  });

  it("answers 503 naming the database when it cannot be reached, without its URL or token", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const report = await checkHealth({
      database: () => openDatabase(url, "token-that-must-not-leak"),
      realtime: env().realtime,
    });
    expect(report).toMatchObject({
      status: "unavailable",
      checks: { database: { ok: false, error: "ECONNREFUSED" }, realtime: { ok: true } },
    });
    const body = await healthResponse(report).text();
    expect(body).not.toContain("token-that-must-not-leak");
    expect(body).not.toContain(url);
  });

  it("gives up on a server that accepts connections but never answers", async () => {
    const report = await checkHealth({
      database: () => openDatabase(`http://127.0.0.1:${silentPort}`),
      realtime: { ...env().realtime, port: silentPort },
    });
    expect(report.checks.database).toMatchObject({ ok: false, error: "timed out after 3000 ms" });
    expect(report.checks.realtime).toMatchObject({ ok: false, error: "timed out after 3000 ms" });
    expect(report.checks.realtime.ms).toBeLessThan(4500);
  });
});
