import "server-only";
import { asc, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { attachment } from "@/db/schema";
import type { AttachmentDTO } from "@/lib/dto";

// Messages' files as the DAL shows them. attachmentsFor takes no acting user: its callers have
// already checked that the reader may see these messages.

type Row = typeof attachment.$inferSelect;

export function toAttachmentDTO(row: Pick<Row, "id" | "name" | "size" | "type" | "kind" | "width" | "height">): AttachmentDTO {
  return { id: row.id, name: row.name, size: row.size, type: row.type, kind: row.kind, width: row.width, height: row.height };
}

/** The files of many messages in one query, in each message's order. */
export async function attachmentsFor(messageIds: number[]): Promise<Map<number, AttachmentDTO[]>> {
  const grouped = new Map<number, AttachmentDTO[]>();
  if (messageIds.length === 0) return grouped;
  const db = await getDb();
  const rows = await db.select().from(attachment).where(inArray(attachment.messageId, messageIds)).orderBy(asc(attachment.messageId), asc(attachment.position));
  for (const row of rows) {
    const list = grouped.get(row.messageId!) ?? [];
    grouped.set(row.messageId!, list);
    list.push(toAttachmentDTO(row));
  }
  return grouped;
}
