import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/client/api-client";
import type { MessageDTO } from "@/lib/dto";
import { fakeTimersInEachTest } from "@/tests/support/fake-timers";
import { retryDelay, SendQueue, type OutboxItem, type PendingMessage } from "./send-queue";

const item = (clientId: string): OutboxItem => ({ clientId, body: `body ${clientId}`, createdAt: 0 });
const stored = (o: OutboxItem, id: number) => ({ id, clientId: o.clientId, body: o.body }) as MessageDTO;
const down = () => new ApiError(0, "network", "Could not reach the server.");

/** A queue whose server is a script: each attempt is logged and answered by `answer`. */
function setup(answer: (o: OutboxItem, attempt: number) => MessageDTO | ApiError, budgetMs = 60_000, offline = () => false) {
  const attempts: string[] = [];
  const delivered: number[] = [];
  let state: PendingMessage[] = [];
  let nextId = 1;
  const queue = new SendQueue({
    budgetMs,
    random: () => 1,
    deliver: async (o) => {
      const answered = answer(o, attempts.filter((a) => a === o.clientId).length);
      attempts.push(o.clientId);
      if (answered instanceof ApiError) throw answered;
      return answered;
    },
    onDelivered: (m) => delivered.push(m.id),
    onChange: (items) => (state = items),
    offline,
  });
  return { queue, attempts, delivered, pending: () => state, id: () => nextId++ };
}

fakeTimersInEachTest();

describe("SendQueue", () => {
  it("sends one at a time, in order", async () => {
    const s = setup((o) => stored(o, Number(o.clientId)));
    s.queue.add(item("1"), item("2"), item("3"));
    await vi.runAllTimersAsync();
    expect(s.attempts).toEqual(["1", "2", "3"]);
    expect(s.delivered).toEqual([1, 2, 3]);
    expect(s.pending()).toEqual([]);
  });

  it("retries a passing failure with the same clientId, and holds later messages back until it is stored", async () => {
    const s = setup((o, attempt) => (o.clientId === "1" && attempt < 3 ? down() : stored(o, Number(o.clientId))));
    s.queue.add(item("1"), item("2"));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.pending().map((p) => p.status)).toEqual(["waiting", "sending"]);
    expect(s.pending()[0]!.error).toBe("Could not reach the server.");
    await vi.runAllTimersAsync();
    expect(s.attempts).toEqual(["1", "1", "1", "1", "2"]);
    expect(s.delivered).toEqual([1, 2]);
  });

  it("backs off exponentially with jitter, up to a cap", () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => retryDelay(a, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(retryDelay(2, undefined, () => 0)).toBe(2000);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const s = setup((o, attempt) => (attempt === 0 ? new ApiError(429, "rate_limited:request", "Too many requests.", 20_000) : stored(o, 1)));
    s.queue.add(item("1"));
    await vi.advanceTimersByTimeAsync(19_000);
    expect(s.attempts).toEqual(["1"]);
    expect(s.pending()[0]!.status).toBe("waiting");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.attempts).toEqual(["1", "1"]);
    expect(s.delivered).toEqual([1]);
  });

  it("fails at once on an error retrying cannot fix, and goes on with the next message", async () => {
    const s = setup((o) => (o.clientId === "1" ? new ApiError(403, "forbidden:blocked", "You cannot message this person.") : stored(o, 2)));
    s.queue.add(item("1"), item("2"));
    await vi.runAllTimersAsync();
    expect(s.attempts).toEqual(["1", "2"]);
    expect(s.pending()).toEqual([expect.objectContaining({ clientId: "1", status: "failed", retryable: false })]);
  });

  it("gives up after its time budget, and Retry gives it a new one", async () => {
    let serverUp = false;
    const s = setup((o) => (serverUp ? stored(o, 1) : down()), 30_000);
    s.queue.add(item("1"));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(s.pending()[0]!.status).toBe("waiting");
    await vi.runAllTimersAsync();
    const tries = s.attempts.length;
    expect(tries).toBeGreaterThan(3);
    expect(s.pending()).toEqual([expect.objectContaining({ status: "failed", retryable: true })]);

    serverUp = true;
    s.queue.retry("1");
    await vi.runAllTimersAsync();
    expect(s.attempts).toHaveLength(tries + 1);
    expect(s.delivered).toEqual([1]);
    expect(s.pending()).toEqual([]);
  });

  it("stops retrying a message the realtime echo showed stored, and a nudge cuts a wait short", async () => {
    const s = setup((o, attempt) => (o.clientId === "1" || attempt === 0 ? down() : stored(o, 2)));
    s.queue.add(item("1"), item("2"));
    await vi.advanceTimersByTimeAsync(0);
    s.queue.confirm(["1"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.attempts).toEqual(["1", "2"]);
    s.queue.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.attempts).toEqual(["1", "2", "2"]);
    expect(s.delivered).toEqual([2]);
  });

  it("offline, every message says Not sent yet and waits for the network however long, without failing; back online they go in order", async () => {
    let online = false;
    const s = setup(
      (o) => (online ? stored(o, Number(o.clientId)) : down()),
      30_000,
      () => !online,
    );
    s.queue.add(item("1"), item("2"));
    expect(s.pending().map((p) => p.status)).toEqual(["waiting", "waiting"]);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(s.pending().map((p) => p.status)).toEqual(["waiting", "waiting"]);
    // One try per recheck, not a storm.
    expect(s.attempts.length).toBeLessThanOrEqual(10 * 4 + 1);
    s.queue.add(item("3"));
    expect(s.pending().at(-1)!.status).toBe("waiting");

    online = true;
    s.queue.nudge();
    await vi.runAllTimersAsync();
    expect(s.delivered).toEqual([1, 2, 3]);
    expect(s.pending()).toEqual([]);
  });
});
