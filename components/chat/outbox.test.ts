import { describe, expect, it } from "vitest";
import type { AttachmentDTO } from "@/lib/dto";
import { sortOutbox, type StoredOutboxItem } from "./outbox";

const file = { id: "f1", name: "plan.pdf", size: 1200, type: "application/pdf", kind: "file" } as unknown as AttachmentDTO;

function stored(clientId: string, extra: Partial<StoredOutboxItem> = {}): StoredOutboxItem {
  return { clientId, body: `body of ${clientId}`, createdAt: 1, userId: "u1", conversationId: "c1", ...extra };
}

describe("sortOutbox", () => {
  it("gives a reopened chat's queue its waiting messages whole: text, reply, files and mentions", () => {
    const mention = { id: "u2", username: "ben", name: "Ben Lee" };
    const waiting = stored("b", { replyTo: { id: 7, body: "earlier", senderUsername: "ana" }, attachments: [file], mentions: [mention] });
    const sorted = sortOutbox([stored("a"), waiting], new Set(["a"]));
    expect(sorted.delivered).toEqual(["a"]);
    expect(sorted.waiting).toEqual([
      { clientId: "b", body: "body of b", replyTo: { id: 7, body: "earlier", senderUsername: "ana" }, createdAt: 1, attachments: [file], mentions: [mention] },
    ]);
  });
});
