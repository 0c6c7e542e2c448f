import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { getDb } from "@/db";
import { block } from "@/db/schema";

/**
 * The one rule of blocking: either of two people blocked the other. Whatever a block stops (a
 * message, a request, a chat, a channel, a search result) asks it through here. Each side is a SQL
 * operand, a column or a value to bind; the block table is named `b` in the query.
 */
export function blockBetween(one: unknown, other: unknown): SQL {
  return sql`((b.blocker_id = ${one} AND b.blocked_id = ${other}) OR (b.blocker_id = ${other} AND b.blocked_id = ${one}))`;
}

/** The rule as a condition of its own: no block stands between the two. */
export function noBlockBetween(one: unknown, other: unknown): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM block b WHERE ${blockBetween(one, other)})`;
}

/** The rule as SQL text between two columns, for a statement kept as a string (the send path's). */
export function blockBetweenColumns(one: string, other: string): string {
  return new SQLiteSyncDialect().sqlToQuery(blockBetween(sql.raw(one), sql.raw(other))).sql;
}

// These take no acting user: the DAL function that calls them has one, and decides what it may see.

export async function isBlockedBetween(a: string, b: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.all(sql`SELECT 1 FROM block b WHERE ${blockBetween(a, b)} LIMIT 1`);
  return row !== undefined;
}

/** Whether any of `others` and `one` blocked one another. */
export async function isBlockedWithAny(one: string, others: string[]): Promise<boolean> {
  if (others.length === 0) return false;
  const db = await getDb();
  const [row] = await db.all(sql`
    SELECT 1 FROM json_each(${JSON.stringify(others)}) o JOIN block b ON ${blockBetween(one, sql`o.value`)} LIMIT 1`);
  return row !== undefined;
}

/** One way only: whether `blockerId` blocked `blockedId` (to tell the person which of them did). */
export async function hasBlocked(blockerId: string, blockedId: string): Promise<boolean> {
  const db = await getDb();
  const row = await db.query.block.findFirst({
    where: and(eq(block.blockerId, blockerId), eq(block.blockedId, blockedId)),
    columns: { blockerId: true },
  });
  return row !== undefined;
}
