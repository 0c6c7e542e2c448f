import { createClient, type Client } from "@libsql/client";

/** The tables that hold what people own or share; rate-limit counters and the search index are left out. */
export const WATCHED_TABLES = [
  "user",
  "avatar",
  "conversation",
  "conversation_member",
  "message",
  "reaction",
  "contact",
  "block",
  "webhook_receipt",
  "push_subscription",
] as const;

export type Snapshot = Record<string, string[]>;

/** A read-only view of a test stack's database file, opened beside the server that writes it. */
export function openSnapshotClient(databaseUrl: string): Client {
  return createClient({ url: databaseUrl });
}

/** Every row of every watched table as sorted JSON lines (blobs as their length), for exact comparison. */
export async function snapshot(client: Client): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const table of WATCHED_TABLES) {
    const { rows, columns } = await client.execute(`SELECT * FROM "${table}"`);
    out[table] = rows
      .map((row) =>
        JSON.stringify(
          Object.fromEntries(
            columns.map((c) => {
              const value = row[c];
              return [c, value instanceof ArrayBuffer ? `<${value.byteLength} bytes>` : typeof value === "bigint" ? String(value) : value];
            }),
          ),
        ),
      )
      .sort();
  }
  return out;
}

/**
 * What belongs to everyone but `userId`: rows that do not mention them, and the images those rows
 * use. An action that may only touch its caller's own account must leave this exactly as it was.
 */
export function othersView(full: Snapshot, userId: string): Snapshot {
  const out: Snapshot = {};
  for (const [table, rows] of Object.entries(full)) {
    if (table === "avatar") continue;
    out[table] = rows.filter((row) => !row.includes(userId));
  }
  const used = new Set(
    [...(out.user ?? []), ...(out.conversation ?? [])]
      .map((row) => (JSON.parse(row) as { avatar_id?: string | null }).avatar_id)
      .filter((id): id is string => typeof id === "string"),
  );
  out.avatar = (full.avatar ?? []).filter((row) => used.has((JSON.parse(row) as { id: string }).id));
  return out;
}
