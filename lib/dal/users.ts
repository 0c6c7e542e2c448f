import "server-only";
import { asc, eq, gt } from "drizzle-orm";
import { getDb } from "@/db";
import { user } from "@/db/schema";
import type { UserSummary } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "@/lib/password";
import { signInSchema, signUpSchema } from "@/lib/validations/auth";
import { parseInput } from "@/lib/validations/parse";

export type Actor = { id: string; username: string };

const summaryColumns = {
  id: user.id,
  username: user.username,
  firstName: user.firstName,
  lastName: user.lastName,
};

export async function createUser(input: unknown): Promise<Actor> {
  const { username, password } = parseInput(signUpSchema, input);
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  const id = crypto.randomUUID();
  // The unique index decides races between two sign-ups for one name.
  const inserted = await db
    .insert(user)
    .values({ id, username, passwordHash })
    .onConflictDoNothing()
    .returning({ id: user.id, username: user.username });
  const created = inserted[0];
  if (!created) {
    throw new AppError("conflict:username", { fieldErrors: { username: ["That username is taken."] } });
  }
  return created;
}

/** Null for any failure, so that callers cannot tell an unknown user from a wrong password. */
export async function verifyCredentials(
  input: unknown,
): Promise<{ id: string; username: string; sessionVersion: number } | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const db = await getDb();
  const found = await db.query.user.findFirst({ where: eq(user.username, parsed.data.username) });
  const ok = await verifyPassword(found?.passwordHash ?? DUMMY_PASSWORD_HASH, parsed.data.password);
  if (!found || !ok) return null;
  return { id: found.id, username: found.username, sessionVersion: found.sessionVersion };
}

export async function getUserForSession(id: string) {
  const db = await getDb();
  return db.query.user.findFirst({
    where: eq(user.id, id),
    columns: { id: true, username: true, sessionVersion: true },
  });
}

export async function getProfile(_viewer: Actor, username: string): Promise<(UserSummary & { bio: string; createdAt: number }) | null> {
  const db = await getDb();
  const found = await db.query.user.findFirst({
    where: eq(user.username, username.toLowerCase()),
    columns: { id: true, username: true, firstName: true, lastName: true, bio: true, createdAt: true },
  });
  return found ? { ...found, createdAt: found.createdAt.getTime() } : null;
}

export async function listUsers(
  _viewer: Actor,
  options: { after?: string; limit?: number } = {},
): Promise<UserSummary[]> {
  const db = await getDb();
  return db
    .select(summaryColumns)
    .from(user)
    .where(options.after ? gt(user.username, options.after) : undefined)
    .orderBy(asc(user.username))
    .limit(options.limit ?? 100);
}
