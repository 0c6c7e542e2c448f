import { describe, expect, it } from "vitest";
import { messagePageSchema, REACTIONS, reactionSchema, sendMessageSchema } from "./message";

const valid = {
  conversationId: "3f8a7c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b",
  clientId: "9b2e4f6a-1c3d-4e5f-a7b8-c9d0e1f2a3b4",
  body: "hello",
};

describe("sendMessageSchema", () => {
  it("accepts a message and keeps its text exactly", () => {
    const body = "  two\nlines  <b>not html</b> ";
    expect(sendMessageSchema.parse({ ...valid, body }).body).toBe(body);
  });

  it.each([
    ["empty", ""],
    ["whitespace only", " \n\t "],
    ["over 4000 characters", "x".repeat(4001)],
  ])("refuses a body that is %s", (_, body) => {
    expect(sendMessageSchema.safeParse({ ...valid, body }).success).toBe(false);
  });

  it("takes exactly 4000 characters, counting an emoji as one", () => {
    expect(sendMessageSchema.safeParse({ ...valid, body: "x".repeat(4000) }).success).toBe(true);
    expect(sendMessageSchema.safeParse({ ...valid, body: "😀".repeat(4000) }).success).toBe(true);
    expect(sendMessageSchema.safeParse({ ...valid, body: "😀".repeat(4001) }).success).toBe(false);
  });

  it.each([
    ["a non-UUID client id", { clientId: "abc" }],
    ["a non-UUID conversation id", { conversationId: "../etc" }],
    ["a body that is not a string", { body: { toString: "x" } }],
    ["a negative reply id", { replyTo: -1 }],
  ])("refuses %s", (_, patch) => {
    expect(sendMessageSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
});

describe("messagePageSchema", () => {
  it("defaults to the newest 50", () => {
    expect(messagePageSchema.parse({})).toEqual({ limit: 50 });
  });

  it("reads cursors from query strings", () => {
    expect(messagePageSchema.parse({ before: "120", limit: "20" })).toEqual({ before: 120, limit: 20 });
    expect(messagePageSchema.parse({ after: "0" })).toEqual({ after: 0, limit: 50 });
  });

  it.each([{ before: "abc" }, { before: "0" }, { limit: "1000" }, { after: "-1" }, { before: "5", after: "1" }])("refuses %j", (query) => {
    expect(messagePageSchema.safeParse(query).success).toBe(false);
  });
});

describe("message ids", () => {
  it.each([[[7]], [true], ["1e3"], [" 7"], ["0x10"], [{ valueOf: 7 }], [1.5], [0], [2 ** 53]])("refuses %j as a reply id", (replyTo) => {
    expect(sendMessageSchema.safeParse({ ...valid, replyTo }).success).toBe(false);
  });

  it("takes a number, or digits from a query string", () => {
    expect(sendMessageSchema.parse({ ...valid, replyTo: 7 }).replyTo).toBe(7);
    expect(messagePageSchema.parse({ around: "7" })).toEqual({ around: 7, limit: 50 });
    expect(messagePageSchema.safeParse({ after: "[]" }).success).toBe(false);
  });
});

describe("reactionSchema", () => {
  const react = (emoji: unknown) => reactionSchema.safeParse({ messageId: 1, emoji });
  it("takes the six quick reactions and any other emoji of the set, skin tones and flags included", () => {
    for (const emoji of [...REACTIONS, "🦭", "👋🏽", "🧑‍🚀", "🏳️‍🌈", "🇯🇵", "❤", "☺️"]) expect(react(emoji).success, emoji).toBe(true);
  });
  it("refuses text, two emoji, a lone modifier and wrong types, with a clear message", () => {
    for (const emoji of ["a", "👍👍", "👍 ", "🏽", "<script>", "", "\u200D", 42, null, ["👍"]]) {
      const result = react(emoji);
      expect(result.success, String(emoji)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/emoji/);
    }
  });
});
