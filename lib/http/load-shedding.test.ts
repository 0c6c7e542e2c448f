import { describe, expect, it } from "vitest";
import { BUSY_LAG_MS, eventLoopLagMs, shedWhenBusy } from "./load-shedding";

const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function block(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("load shedding", () => {
  it("lets requests through while the event loop keeps time, and sheds them while it runs late", async () => {
    eventLoopLagMs();
    await idle(500);
    expect(() => shedWhenBusy()).not.toThrow();
    // Each turn of the loop held for 600 ms: everything waiting waits that long.
    for (let i = 0; i < 4; i++) {
      block(600);
      await idle(0);
      await idle(0);
    }
    await idle(20);
    expect(eventLoopLagMs()).toBeGreaterThan(BUSY_LAG_MS);
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
    // Idle again, it serves again.
    await idle(1500);
    expect(() => shedWhenBusy()).not.toThrow();
  });
});
