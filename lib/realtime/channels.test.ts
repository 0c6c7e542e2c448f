import { describe, expect, it } from "vitest";
import { conversationChannel, isSocketId, parseChannel, typingChannel, userChannel } from "./channels";

const id = "3f8a7c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b";

describe("channel names", () => {
  it("round-trips user and conversation channels", () => {
    expect(parseChannel(userChannel(id))).toEqual({ kind: "user", userId: id });
    expect(parseChannel(conversationChannel(id))).toEqual({ kind: "conversation", conversationId: id, epoch: 0 });
    expect(parseChannel(conversationChannel(id, 7))).toEqual({ kind: "conversation", conversationId: id, epoch: 7 });
    expect(parseChannel(typingChannel(id, 3))).toEqual({ kind: "typing", conversationId: id, epoch: 3 });
    expect(conversationChannel(id, 0)).toBe(`private-conversation-${id}`);
  });

  it.each([
    "",
    "user-" + id,
    "public-conversation-" + id,
    "presence-user-" + id,
    "private-user-" + id.toUpperCase(),
    "private-user-" + id + "x",
    "private-user-" + id + "\n",
    "private-conversation-",
    "private-conversation-../../" + id,
    "private-encrypted-user-" + id,
    "private-group-" + id,
    "private-conversation-" + id + "-0",
    "private-conversation-" + id + "-01",
    "private-conversation-" + id + "--1",
    "private-conversation-" + id + "-1234567890",
    "presence-conversation-" + id + "-x",
  ])("refuses %j", (name) => {
    expect(parseChannel(name)).toBeNull();
  });
});

describe("isSocketId", () => {
  it.each(["1.1", "123456.7890123"])("accepts %s", (value) => expect(isSocketId(value)).toBe(true));
  it.each(["", "1", "1.", ".1", "a.b", "1.1.1", "1.1 ", "1:1", "1".repeat(30) + ".1"])("refuses %j", (value) => expect(isSocketId(value)).toBe(false));
});
