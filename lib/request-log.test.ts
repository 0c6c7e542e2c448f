import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "./log";
import { logRequests, pathOf, requestIdFrom } from "./request-log";

// A real Node HTTP server, as Next.js's servers are: the log comes from Node's diagnostics channels.
const lines: Record<string, unknown>[] = [];
const logger = createLogger((line) => lines.push(JSON.parse(line)));
const seenByHandler: (string | string[] | undefined)[] = [];
const server = createServer((request, response) => {
  seenByHandler.push(request.headers["x-request-id"]);
  if (request.url === "/hang") return; // the client gives up first
  if (request.url === "/slow") {
    // Logged later, from a timer and a promise the handler started: the request's id still applies.
    setTimeout(() => {
      void Promise.resolve().then(() => {
        logger.error("slow work failed", { step: 1 });
        response.end();
      });
    }, 20);
    return;
  }
  response.statusCode = request.url?.startsWith("/missing") ? 404 : 200;
  response.end("ok");
});
let base = "";

beforeAll(async () => {
  logRequests(logger);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const logged = (requestId: string) => lines.find((line) => line.requestId === requestId);

it("logs one line per request with its id, method, path without the query, status and duration", async () => {
  const response = await fetch(`${base}/missing/page?q=secret+search+words#frag`, {
    headers: { "x-request-id": "incoming-id-0001", cookie: "authjs.session-token=cookie-value" },
  });
  expect(response.headers.get("x-request-id")).toBe("incoming-id-0001");
  expect(seenByHandler.at(-1)).toBe("incoming-id-0001");

  await expect
    .poll(() => logged("incoming-id-0001"))
    .toEqual({
      level: "info",
      msg: "request",
      time: expect.any(String),
      requestId: "incoming-id-0001",
      method: "GET",
      path: "/missing/page",
      status: 404,
      ms: expect.any(Number),
    });
  expect(JSON.stringify(lines)).not.toMatch(/secret search|cookie-value/);
});

it("replaces a missing or malformed request id with a new one, which the handler and the response see", async () => {
  for (const header of [undefined, "short", "has spaces in it", "x".repeat(129), 'quote"and;semicolon-0001']) {
    const headers: IncomingHttpHeaders = header === undefined ? {} : { "x-request-id": header };
    const response = await fetch(`${base}/`, { headers: headers as Record<string, string> });
    const id = response.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seenByHandler.at(-1)).toBe(id);
    await expect.poll(() => logged(id)).toMatchObject({ path: "/", status: 200 });
  }
});

it("gives every line logged while serving a request that request's id, even with requests in parallel", async () => {
  const ids = ["parallel-0001", "parallel-0002", "parallel-0003"];
  await Promise.all(ids.map((id) => fetch(`${base}/slow`, { headers: { "x-request-id": id } })));
  for (const id of ids) {
    await expect
      .poll(() =>
        lines
          .filter((line) => line.requestId === id)
          .map((line) => line.msg)
          .sort(),
      )
      .toEqual(["request", "slow work failed"]);
  }
  logger.info("outside any request");
  expect(lines.at(-1)).not.toHaveProperty("requestId");
});

it("logs a request the client abandoned", async () => {
  const request = httpRequest(`${base}/hang`, { headers: { "x-request-id": "abandoned-0001" } });
  request.on("error", () => {});
  request.end();
  await expect.poll(() => seenByHandler.includes("abandoned-0001")).toBe(true);
  request.destroy();
  await expect.poll(() => logged("abandoned-0001")).toMatchObject({ path: "/hang", aborted: true });
});

it("takes well-formed ids as they come and cuts paths at the query", () => {
  expect(requestIdFrom("0b1c2d3e-aaaa-bbbb-cccc-0123456789ab")).toBe("0b1c2d3e-aaaa-bbbb-cccc-0123456789ab");
  expect(requestIdFrom(["two-headers-0001", "two-headers-0002"])).toMatch(/^[0-9a-f-]{36}$/);
  expect(pathOf("/api/search?q=hello")).toBe("/api/search");
  expect(pathOf("?only=query")).toBe("/");
  expect(pathOf(undefined)).toBe("/");
});
