import type { MessageDTO, ReadState } from "@/lib/dto";

export type Receipt = { messageId: number; status: "sent" | "seen"; readers: string[] };

/**
 * Where read receipts go. In a direct chat: "Seen" under the newest of my messages the other person
 * has read, and "Sent" under my newest if they have not read that far. In a group: under my newest
 * message, who has read it.
 */
export function receiptsFor(messages: MessageDTO[], meId: string, reads: ReadState[], direct: boolean): Receipt[] {
  const mine = messages.filter((m) => m.sender?.id === meId && m.kind === "text");
  const newest = mine.at(-1);
  if (!newest) return [];
  const others = reads.filter((r) => r.userId !== meId);

  if (direct) {
    const peerRead = others[0]?.lastReadMessageId ?? 0;
    const seen = mine.filter((m) => m.id <= peerRead).at(-1);
    const receipts: Receipt[] = [];
    if (seen) receipts.push({ messageId: seen.id, status: "seen", readers: others.map((o) => o.username) });
    if (newest.id > peerRead) receipts.push({ messageId: newest.id, status: "sent", readers: [] });
    return receipts;
  }
  const readers = others.filter((o) => o.lastReadMessageId >= newest.id).map((o) => o.username);
  return [{ messageId: newest.id, status: readers.length > 0 ? "seen" : "sent", readers }];
}
