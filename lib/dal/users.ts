import "server-only";
import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { user } from "@/db/schema";
import type { ProfileDTO, UserSummary } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "@/lib/password";
import { signInSchema, signUpSchema } from "@/lib/validations/auth";
import { parseInput } from "@/lib/validations/parse";
import { peopleQuerySchema } from "@/lib/validations/profile";
import { admitSignUp } from "./admin";
import { takeRateLimits, takeSlowDown } from "./rate-limit";
import { noBlockBetween } from "./internal/blocks";
import { likeAny, startingWith } from "./like";

export type Actor = { id: string; username: string };

export const summaryColumns = {
  id: user.id,
  username: user.username,
  firstName: user.firstName,
  lastName: user.lastName,
  avatarId: user.avatarId,
  deactivated: sql<boolean>`(${user.deactivatedAt} IS NOT NULL)`.mapWith(Boolean),
};

export const PEOPLE_PAGE_SIZE = 20;
// Last seen is written at most this often per person: a write per request would be a write per click.

/** The public room every new account starts in (migration 0001 creates it). */
export const GENERAL_ROOM_ID = "00000000-0000-4000-8000-000000000001";

export async function createUser(input: unknown): Promise<Actor> {
  const { username, password } = parseInput(signUpSchema, input);
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  const id = crypto.randomUUID();
  // The unique index decides races between two sign-ups for one name. The first account on a fresh
  // database is the server's admin, decided in the insert itself (SQLite runs one write at a time).
  const inserted = await db
    .insert(user)
    .values({ id, username, passwordHash, role: sql`CASE WHEN EXISTS (SELECT 1 FROM user) THEN 'member' ELSE 'admin' END` })
    .onConflictDoNothing()
    .returning({ id: user.id, username: user.username });
  const created = inserted[0];
  if (!created) {
    throw new AppError("conflict:username", { fieldErrors: { username: ["That username is taken."] } });
  }
  return created;
}

/**
 * Puts a new account in General, as a messenger with one common room does: its history is there to
 * scroll, but the newcomer starts having read it (a busy room would otherwise greet them with
 * thousands unread). Only sign-ups: accounts made before, and those who left it, are left as they
 * chose. No one else shows a brand-new account yet, so the join announces nothing.
 */
async function joinGeneral(newcomer: Actor): Promise<void> {
  const db = await getDb();
  await db.run(sql`
    INSERT INTO conversation_member (conversation_id, user_id, last_read_message_id)
    SELECT id, ${newcomer.id}, coalesce(last_message_id, 0) FROM conversation WHERE id = ${GENERAL_ROOM_ID} AND kind = 'public'
    ON CONFLICT DO NOTHING`);
}

/**
 * A sign-up from the web, limited per network (see lib/http/client-ip.ts) before the password is
 * hashed, into General (joinGeneral). A form that is not valid is refused without counting.
 */
export async function signUpFromNetwork(input: unknown, network: string, inviteToken?: unknown): Promise<Actor> {
  parseInput(signUpSchema, input);
  await takeRateLimits([{ name: "signUpAddress", subject: network }]);
  // The server's sign-up policy (open, invite-only, closed); an invitation's use is taken here.
  const admitted = await admitSignUp(inviteToken);
  let created: Actor;
  try {
    created = await createUser(input);
  } catch (error) {
    await admitted.giveBack();
    throw error;
  }
  await joinGeneral(created);
  return created;
}

/**
 * Null for any failure, so that callers cannot tell an unknown user from a wrong password; a 429
 * AppError when this account from this network, or this network, has failed too often. An account
 * that has failed too often from everywhere is answered late, never refused.
 *
 * Only failures count: every attempt is counted before the password is checked (so concurrent
 * guesses cannot slip past the limit together) and a success gives its count back. People behind
 * one address who sign in correctly never use up each other's allowance, and the owner of an
 * account under attack from elsewhere still gets in: see lib/rate-limits.ts.
 */
export async function verifyCredentials(input: unknown, network: string): Promise<{ id: string; username: string; sessionVersion: number } | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const attempt = await takeRateLimits([
    { name: "signInAccountAddress", subject: `${username} ${network}` },
    { name: "signInAddress", subject: network },
  ]);
  const account = await takeSlowDown({ name: "signInAccount", subject: username });
  // Before the password is checked, right or wrong alike: the wait must not tell a guess apart.
  if (account.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, account.delayMs));
  const db = await getDb();
  const found = await db.query.user.findFirst({ where: eq(user.username, username) });
  const ok = await verifyPassword(found?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
  if (!found || !ok) return null;
  await Promise.all([attempt.giveBack(), account.giveBack()]);
  // Said only to someone who knows the password: a guesser learns nothing about the account.
  if (found.deactivatedAt) throw new AppError("forbidden:deactivated");
  return { id: found.id, username: found.username, sessionVersion: found.sessionVersion };
}

/**
 * The user a session token names, if the token is still good: the user exists and the token carries
 * the current session version (a password change or "sign out everywhere" bumps it, which revokes
 * every token issued before).
 */
export async function resolveSession(userId: string, sessionVersion: number): Promise<Actor | null> {
  const db = await getDb();
  const found = await db.query.user.findFirst({
    where: eq(user.id, userId),
    columns: { id: true, username: true, sessionVersion: true, deactivatedAt: true },
  });
  if (!found || found.sessionVersion !== sessionVersion || found.deactivatedAt) return null;
  return { id: found.id, username: found.username };
}

/** Anyone's public profile, by username in any case. Presence is not part of it: see getPresence. */
export async function getProfile(_viewer: Actor, username: string): Promise<ProfileDTO | null> {
  const db = await getDb();
  const found = await db.query.user.findFirst({
    where: eq(user.username, username.toLowerCase()),
    columns: { id: true, username: true, firstName: true, lastName: true, bio: true, avatarId: true, createdAt: true, deactivatedAt: true },
  });
  if (!found) return null;
  const { deactivatedAt, ...rest } = found;
  return { ...rest, createdAt: found.createdAt.getTime(), deactivated: deactivatedAt !== null };
}

/**
 * What a people search asks of each person: every word typed must be in their username, first or
 * last name ("alice anders", "anders", "lic" all find Alice Anders). Words of three characters or
 * more match any part of a name, ignoring case and accents beyond ASCII (the people_fts trigram
 * index); shorter ones, too short for a trigram, match the start of a name, ignoring ASCII case.
 * Null when nothing searchable was typed.
 */
export function peopleMatch(q: string): SQL | null {
  // Control characters and lone surrogates are in no name, and FTS5 refuses a NUL in a query.
  const words = q
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cs}]/gu, " ")
    .split(/\s+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  const conditions: SQL[] = [];
  const long = words.filter((w) => [...w].length >= 3);
  if (long.length > 0) {
    // Each word quoted (its quotes doubled): FTS5 syntax typed in is searched as text.
    const match = long.map((w) => `"${w.replaceAll('"', '""')}"`).join(" AND ");
    conditions.push(sql`${user.id} IN (SELECT user_id FROM people_fts WHERE people_fts MATCH ${match})`);
  }
  for (const w of words.filter((w) => [...w].length < 3)) {
    conditions.push(likeAny([user.username, user.firstName, user.lastName], startingWith(w)));
  }
  return and(...conditions)!;
}

/**
 * The directory (no query) or a search (peopleMatch). Ordered by username, a page at a time;
 * `nextAfter` continues. People the viewer blocked, and people who blocked the viewer, are left out.
 */
export async function findPeople(
  viewer: Actor,
  query: unknown = {},
  pageSize = PEOPLE_PAGE_SIZE,
): Promise<{ people: UserSummary[]; nextAfter: string | null }> {
  const { q, after } = parseInput(peopleQuerySchema, query);
  const db = await getDb();
  const match = q ? peopleMatch(q) : null;
  if (q && !match) return { people: [], nextAfter: null };
  const rows = await db
    .select(summaryColumns)
    .from(user)
    .where(and(noBlockBetween(viewer.id, user.id), after ? gt(user.username, after) : undefined, match ?? undefined))
    .orderBy(asc(user.username))
    .limit(pageSize + 1);
  const people = rows.slice(0, pageSize);
  return { people, nextAfter: rows.length > pageSize ? people.at(-1)!.username : null };
}
