import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * True when any of `columns` matches `pattern` (a LIKE pattern made by `containing` or `startingWith`,
 * so that a % or _ someone typed is matched as itself). LIKE folds ASCII letter case only.
 */
export function likeAny(columns: (SQL | SQLiteColumn)[], pattern: string): SQL {
  return sql`(${sql.join(
    columns.map((column) => sql`${column} LIKE ${pattern} ESCAPE '\\'`),
    sql` OR `,
  )})`;
}

/** A LIKE pattern for text anywhere in the value. */
export function containing(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A LIKE pattern for values that begin with the text. */
export function startingWith(text: string): string {
  return `${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
