import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

/** A commit that takes a while (as a write under load does) and records the batches it was given. */
function recorder(options: { failWhen?: (jobs: number[]) => boolean } = {}) {
  const batches: number[][] = [];
  let release: (() => void) | null = null;
  const writer = new GroupCommit<number, string>(async (jobs) => {
    batches.push(jobs);
    await new Promise<void>((resolve) => (release = resolve));
    if (options.failWhen?.(jobs)) throw new Error("disk full");
    return jobs.map((j) => `stored ${j}`);
  });
  const finishOne = async () => {
    while (!release) await new Promise((r) => setImmediate(r));
    const done = release as () => void;
    release = null;
    done();
  };
  return { writer, batches, finishOne };
}

describe("GroupCommit", () => {
  it("commits a lone job by itself, and the jobs that arrive during a commit together in the next", async () => {
    const { writer, batches, finishOne } = recorder();
    const first = writer.submit(1);
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3, 4].map((j) => writer.submit(j));
    await finishOne();
    expect(await first).toBe("stored 1");
    await finishOne();
    expect(await Promise.all(rest)).toEqual(["stored 2", "stored 3", "stored 4"]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("gathers the jobs submitted in one turn of the event loop into one commit", async () => {
    const { writer, batches, finishOne } = recorder();
    const all = [1, 2, 3].map((j) => writer.submit(j));
    await finishOne();
    expect(await Promise.all(all)).toEqual(["stored 1", "stored 2", "stored 3"]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("fails only the batch whose commit failed, and goes on with the next", async () => {
    const { writer, finishOne } = recorder({ failWhen: (jobs) => jobs.includes(1) });
    const first = writer.submit(1);
    await new Promise((r) => setImmediate(r));
    const second = writer.submit(2);
    const failed = expect(first).rejects.toThrow("disk full");
    await finishOne();
    await failed;
    await finishOne();
    expect(await second).toBe("stored 2");
  });
});
