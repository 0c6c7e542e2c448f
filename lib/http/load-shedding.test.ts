import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestsInFlight, SHED_ABOVE, shedWhenBusy } from "./load-shedding";

// A real HTTP server whose requests wait until released: what is in flight is what Node counted.
const waiting: (() => void)[] = [];
const server = createServer((_, response) => waiting.push(() => response.end("ok")));
let port = 0;

beforeAll(async () => {
  requestsInFlight();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(): Promise<void> {
  return new Promise((resolve, reject) => {
    request({ port, host: "127.0.0.1", path: "/", agent: false }, (response) => {
      response.resume();
      response.on("end", resolve);
    })
      .on("error", reject)
      .end();
  });
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("load shedding", () => {
  it("counts the requests accepted and not yet answered, and sheds catch-ups above the limit", async () => {
    expect(requestsInFlight()).toBe(0);
    expect(() => shedWhenBusy()).not.toThrow();
    const answers = Array.from({ length: SHED_ABOVE + 2 }, () => get());
    await until(() => requestsInFlight() === SHED_ABOVE + 2);
    expect(requestsInFlight()).toBe(SHED_ABOVE + 2);
    let refused: unknown;
    try {
      shedWhenBusy();
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: "rate_limited:busy", status: 429 });
    const retryAfter = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);

    waiting.splice(0).forEach((release) => release());
    await Promise.all(answers);
    await until(() => requestsInFlight() === 0);
    expect(requestsInFlight()).toBe(0);
    expect(() => shedWhenBusy()).not.toThrow();
  });
});
