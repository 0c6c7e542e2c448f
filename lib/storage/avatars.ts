import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { avatar } from "@/db/schema";
import type { AvatarImages } from "@/lib/avatar/process";
import type { AvatarSize } from "@/lib/avatar/url";

/**
 * Where avatar images live: rows of the database, so a deployment on Vercel with Turso needs no
 * disk and no object store. Ids are content hashes, so storing the same image twice keeps one copy.
 * Only this module reads or writes the image bytes.
 */
export async function putAvatar(images: AvatarImages): Promise<void> {
  const db = await getDb();
  await db.insert(avatar).values(images).onConflictDoNothing();
}

export async function readAvatar(id: string, size: AvatarSize): Promise<Buffer | null> {
  const db = await getDb();
  const column = size === "large" ? avatar.large : avatar.small;
  const row = await db.select({ image: column }).from(avatar).where(eq(avatar.id, id)).get();
  return row?.image ?? null;
}

/** Removes an image once no person and no group shows it. One statement, so it cannot race a new reference. */
export async function deleteAvatarIfUnused(id: string): Promise<void> {
  const db = await getDb();
  await db.run(sql`
    DELETE FROM avatar WHERE id = ${id}
      AND NOT EXISTS (SELECT 1 FROM user WHERE avatar_id = ${id})
      AND NOT EXISTS (SELECT 1 FROM conversation WHERE avatar_id = ${id})`);
}
