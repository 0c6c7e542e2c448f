import { describe, expect, it, vi } from "vitest";
import { fakeTimersInEachTest } from "@/tests/support/fake-timers";
import { keepReconnecting, type Reconnectable } from "./reconnect";

/** A stand-in for pusher-js's connection: its state, and the app's disconnect and connect calls. */
function fakeClient() {
  const listeners: ((s: { previous: string; current: string }) => void)[] = [];
  const calls: string[] = [];
  const client = {
    connection: {
      state: "initialized",
      bind: (_: "state_change", callback: (s: { previous: string; current: string }) => void) => void listeners.push(callback),
    },
    connect: () => {
      calls.push("connect");
      set("connecting");
    },
    disconnect: () => {
      calls.push("disconnect");
      set("disconnected");
    },
  } satisfies Reconnectable;
  const set = (current: string) => {
    const previous = client.connection.state;
    client.connection.state = current;
    for (const l of listeners) l({ previous, current });
  };
  return { client, calls, set };
}

/** A fake client kept reconnecting, its pauses drawn with `random`; `stop` ends the keeping. */
function reconnecting(random: () => number) {
  const fake = fakeClient();
  return { ...fake, stop: keepReconnecting(fake.client, random) };
}

fakeTimersInEachTest();

describe("keeping a lost connection trying", () => {
  it("restarts the attempt every 2–5 s while not connected, then with longer pauses", async () => {
    const { calls, set } = reconnecting(() => 0.5);
    set("connected");
    set("connecting");
    await vi.advanceTimersByTimeAsync(3400);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual(["disconnect", "connect"]);
    // Six restarts 3.5 s apart, then each pause half as long again.
    await vi.advanceTimersByTimeAsync(3.5 * 6 * 1000);
    expect(calls).toHaveLength(14);
    await vi.advanceTimersByTimeAsync(3.5 * 1.5 * 1000 - 100);
    expect(calls).toHaveLength(14);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(16);
  });

  it("stops once connected, and starts from the short pause the next time", async () => {
    const { calls, set } = reconnecting(() => 0);
    set("connecting");
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(2);
    set("connected");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
    set("unavailable");
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(4);
  });

  it("never waits longer than 30 s between attempts", async () => {
    const { calls, set } = reconnecting(() => 1);
    set("connecting");
    for (let i = 0; i < 12; i++) await vi.advanceTimersByTimeAsync(30_000);
    expect(calls.length / 2).toBeGreaterThanOrEqual(12);
  });

  it("leaves a connection the app closed on purpose closed", async () => {
    const { calls, set, stop } = reconnecting(() => 0);
    set("connecting");
    set("disconnected");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([]);
    stop();
    set("connecting");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([]);
  });
});
