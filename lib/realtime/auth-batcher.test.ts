import { describe, expect, it } from "vitest";
import { ChannelAuthBatcher, RefusedChannel, type ChannelGrant } from "./auth-batcher";

type Answer = { error: Error | null; data: { auth: string; channel_data?: string } | null };

function setup(post: (socketId: string, channels: string[]) => Promise<ChannelGrant[]>, socket: { id?: string } = {}) {
  const flushes: (() => void)[] = [];
  const batcher = new ChannelAuthBatcher(
    post,
    () => socket.id,
    (flush) => flushes.push(flush),
  );
  const answers = new Map<string, Answer>();
  const ask = (socketId: string, channelName: string) =>
    batcher.authorize({ socketId, channelName }, (error, data) => answers.set(`${socketId} ${channelName}`, { error, data }));
  const flush = async () => {
    flushes.splice(0).forEach((f) => f());
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { batcher, answers, ask, flush, flushes };
}

describe("channel authorization in batches", () => {
  it("asks once for all the channels of one turn, and answers each in order", async () => {
    const posts: [string, string[]][] = [];
    const { answers, ask, flush, flushes } = setup(async (socketId, channels) => {
      posts.push([socketId, channels]);
      return channels.map((c) => (c === "private-no" ? { error: { status: 403, message: "no" } } : { auth: `key:${c}` }));
    });
    ask("1.1", "private-a");
    ask("1.1", "private-no");
    ask("1.1", "presence-b");
    expect(flushes).toHaveLength(1);
    await flush();
    expect(posts).toEqual([["1.1", ["private-a", "private-no", "presence-b"]]]);
    expect(answers.get("1.1 private-a")).toEqual({ error: null, data: { auth: "key:private-a" } });
    expect(answers.get("1.1 presence-b")?.data).toEqual({ auth: "key:presence-b" });
    const refused = answers.get("1.1 private-no")!;
    expect(refused.data).toBeNull();
    expect(refused.error).toBeInstanceOf(RefusedChannel);
    expect(refused.error).toMatchObject({ status: 403 });
  });

  it("asks per socket, at most twenty channels a request", async () => {
    const posts: [string, number][] = [];
    const { answers, ask, flush } = setup(async (socketId, channels) => {
      posts.push([socketId, channels.length]);
      return channels.map((c) => ({ auth: c }));
    });
    for (let i = 0; i < 45; i++) ask("1.1", `private-${i}`);
    ask("2.2", "private-x");
    await flush();
    expect(posts).toEqual([
      ["1.1", 20],
      ["1.1", 20],
      ["1.1", 5],
      ["2.2", 1],
    ]);
    expect(answers.size).toBe(46);
  });

  it("fails every channel of a batch that failed, and remembers why for resubscribing", async () => {
    let fail: Error | null = new RefusedChannel(429, "Too many", 3000);
    const { batcher, answers, ask, flush } = setup(async (_, channels) => {
      if (fail) throw fail;
      return channels.map((c) => ({ auth: c }));
    });
    ask("1.1", "private-a");
    ask("1.1", "private-b");
    await flush();
    expect(answers.get("1.1 private-b")?.error).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect(batcher.refusalOf("private-a")).toMatchObject({ status: 429 });
    // Not reached at all: status 0.
    fail = new TypeError("fetch failed");
    ask("1.1", "private-a");
    await flush();
    expect(batcher.refusalOf("private-a")).toMatchObject({ status: 0 });
    fail = null;
    ask("1.1", "private-a");
    await flush();
    expect(answers.get("1.1 private-a")).toEqual({ error: null, data: { auth: "private-a" } });
    expect(batcher.refusalOf("private-a")).toBeUndefined();
  });

  it("fails a channel the answer left out rather than leaving it pending", async () => {
    const { answers, ask, flush } = setup(async () => [{ auth: "only-one" }]);
    ask("1.1", "private-a");
    ask("1.1", "private-b");
    await flush();
    expect(answers.get("1.1 private-a")?.data).toEqual({ auth: "only-one" });
    expect(answers.get("1.1 private-b")?.error).toMatchObject({ status: 0 });
  });

  it("drops the answer for a socket that is gone: pusher-js asks again for the new one", async () => {
    const socket = { id: "1.1" };
    let answer: (grants: ChannelGrant[]) => void = () => {};
    const { answers, ask, flush } = setup(() => new Promise((resolve) => (answer = resolve)), socket);
    ask("1.1", "private-a");
    await flush();
    socket.id = "2.2";
    answer([{ auth: "for-the-old-socket" }]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answers.size).toBe(0);
  });
});
