import { describe, expect, it, vi } from "vitest";
import { signInCurrentSocket } from "./sign-in";

const signed = { auth: "key:signature", user_data: "{}" };

/** Calls the handler for socket "1.1", lets `socketNow` be the open socket when the answer arrives, and returns what pusher-js was told. */
async function answerWhile(socketNow: string, signIn: (socketId: string) => Promise<typeof signed>) {
  const callback = vi.fn();
  signInCurrentSocket(signIn, () => socketNow)({ socketId: "1.1" }, callback);
  await new Promise((resolve) => setTimeout(resolve, 0));
  return callback.mock.calls;
}

describe("signInCurrentSocket", () => {
  it("hands the answer, or the failure, to the socket that asked", async () => {
    expect(await answerWhile("1.1", async () => signed)).toEqual([[null, signed]]);
    const failure = new Error("HTTP 403");
    expect(await answerWhile("1.1", async () => Promise.reject(failure))).toEqual([[failure, null]]);
  });

  it("drops an answer that arrives after the socket was replaced: pusher-js asks again for the new one", async () => {
    expect(await answerWhile("2.2", async () => signed)).toEqual([]);
    expect(await answerWhile("2.2", async () => Promise.reject(new Error("HTTP 500")))).toEqual([]);
  });
});
