import { describe, expect, it } from "vitest";
import { receiptsFor } from "./receipts";
import { testMessage as msg, testReadState as read } from "./test-messages";

const me = "me";

describe("receiptsFor", () => {
  const messages = [msg(1, me), msg(2, "ana"), msg(3, me), msg(4, me)];

  it("direct: Seen under the newest read message of mine, Sent under my newest unread one", () => {
    expect(receiptsFor(messages, me, [read(me, 4), read("ana", 3)], true)).toEqual([
      { messageId: 3, status: "seen", readers: ["ana"] },
      { messageId: 4, status: "sent", readers: [] },
    ]);
  });

  it("direct: only Seen once everything is read", () => {
    expect(receiptsFor(messages, me, [read("ana", 9)], true)).toEqual([{ messageId: 4, status: "seen", readers: ["ana"] }]);
  });

  it("direct: only Sent when nothing of mine is read", () => {
    expect(receiptsFor(messages, me, [read("ana", 0)], true)).toEqual([{ messageId: 4, status: "sent", readers: [] }]);
  });

  it("group: who has read my newest message", () => {
    const reads = [read(me, 4), read("ana", 4), read("ben", 3), read("cy", 5)];
    expect(receiptsFor(messages, me, reads, false)).toEqual([{ messageId: 4, status: "seen", readers: ["ana", "cy"] }]);
  });

  it("nothing when I have sent nothing", () => {
    expect(receiptsFor([msg(2, "ana")], me, [read("ana", 2)], true)).toEqual([]);
  });
});
