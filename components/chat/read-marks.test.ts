import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/client/api-client";
import type { ReadPosition } from "@/lib/dto";
import { fakeTimersInEachTest } from "@/tests/support/fake-timers";
import { READ_MARK_DELAY_MS, READ_MARK_INTERVAL_MS, ReadMarks } from "./read-marks";

type Call = { messageId: number; keepalive: boolean; resolve: (p: ReadPosition) => void; reject: (e: unknown) => void };

function setup(lastRead = 0) {
  const calls: Call[] = [];
  const answers: ReadPosition[] = [];
  const marks = new ReadMarks(
    lastRead,
    (messageId, { keepalive }) => new Promise<ReadPosition>((resolve, reject) => calls.push({ messageId, keepalive, resolve, reject })),
    (position) => answers.push(position),
    () => Date.now(),
  );
  const answer = async (call: Call, unreadCount = 0) => {
    call.resolve({ lastReadMessageId: call.messageId, unreadCount, unreadTotal: unreadCount, mentionCount: 0 });
    await vi.advanceTimersByTimeAsync(0);
  };
  return { marks, calls, answers, answer };
}

/** A fresh setup in which message 1 has been seen and its mark is on its way to the server. */
async function firstMarkSent() {
  const s = setup();
  s.marks.seen(1, 1);
  await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
  return s;
}

fakeTimersInEachTest();

describe("read marks", () => {
  it("sends the first mark shortly after a message is seen, for the newest one seen", async () => {
    const { marks, calls, answers, answer } = setup(1);
    marks.seen(2, 2);
    marks.seen(3, 3);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS - 1);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.messageId)).toEqual([3]);
    await answer(calls[0]!, 0);
    expect(answers).toEqual([{ lastReadMessageId: 3, unreadCount: 0, unreadTotal: 0, mentionCount: 0 }]);
  });

  it("while messages keep arriving, sends at most one mark per interval", async () => {
    const { marks, calls, answer } = setup();
    let id = 0;
    // Five messages a second for ten seconds.
    for (let t = 0; t < 10_000; t += 200) {
      id++;
      marks.seen(id, id);
      await vi.advanceTimersByTimeAsync(200);
      const last = calls.at(-1);
      if (last && last.messageId <= id) await answer(last);
    }
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls.at(-1)!.messageId).toBe(50);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.messageId).toBeGreaterThan(calls[i - 1]!.messageId);
  });

  it("makes three marks for ten seconds of five messages a second that arrive up to half a second late", async () => {
    const { marks, calls, answer } = setup();
    for (let id = 1, t = 0; id <= 50; id++, t += 210) {
      marks.seen(id, id);
      await vi.advanceTimersByTimeAsync(210);
      const last = calls.at(-1);
      if (last) await answer(last);
    }
    let settled = false;
    void marks.settled().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS);
    const last = calls.at(-1)!;
    await answer(last);
    expect(settled).toBe(true);
    expect(calls.map((c) => c.messageId).length).toBe(3);
    expect(last.messageId).toBe(50);
  });

  it("never marks for my own messages, but carries them in a mark owed for others'", async () => {
    const { marks, calls } = setup(5);
    marks.seen(6, 5);
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS);
    expect(calls).toHaveLength(0);
    marks.seen(8, 7);
    await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
    expect(calls.map((c) => c.messageId)).toEqual([8]);
  });

  it("does not mark what the server already holds", async () => {
    const { marks, calls } = setup(10);
    marks.seen(10, 9);
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS);
    expect(calls).toHaveLength(0);
  });

  it("flushes what is owed at once, with keepalive, and nothing when nothing is owed", async () => {
    const { marks, calls, answer } = await firstMarkSent();
    await answer(calls[0]!);
    marks.seen(2, 2);
    marks.flush();
    expect(calls.map((c) => [c.messageId, c.keepalive])).toEqual([
      [1, false],
      [2, true],
    ]);
    marks.flush();
    marks.close();
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS);
    expect(calls).toHaveLength(2);
  });

  it("retries a failed mark with the next one, and gives up on a refusal", async () => {
    const { marks, calls, answer } = await firstMarkSent();
    calls[0]!.reject(new ApiError(0, "network", "offline"));
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS);
    expect(calls.map((c) => c.messageId)).toEqual([1, 1]);
    marks.seen(2, 2);
    calls[1]!.reject(new ApiError(403, "forbidden:conversation", "no"));
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS * 3);
    expect(calls).toHaveLength(2);
    // Something new seen later is tried again.
    marks.seen(3, 3);
    await vi.advanceTimersByTimeAsync(READ_MARK_INTERVAL_MS);
    expect(calls.map((c) => c.messageId)).toEqual([1, 1, 3]);
    await answer(calls[2]!);
  });
});
