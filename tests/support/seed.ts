import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import type { Database } from "@/db/client";
import { conversation, conversationMember, user } from "@/db/schema";
import { hashPassword } from "@/lib/password";

/**
 * Seeded users are rows plus a minted session cookie. Signing up thousands of users through the app
 * would spend most of the run in argon2, which is slow on purpose; what the benchmark and the tests
 * measure starts after sign-in, so one precomputed hash and cookies minted with the server's own
 * secret suffice.
 */
export type SeededUser = { id: string; username: string; cookie: string };

export const SESSION_COOKIE = "authjs.session-token";
export const SEEDED_PASSWORD = "bench password";

const ROWS_PER_INSERT = 500;

let sharedHash: Promise<string> | undefined;

/** The cookie Auth.js would set at sign-in: `sub` is the user, `sv` the session version the DAL checks. */
export async function mintSessionCookie(userId: string, username: string, secret: string): Promise<string> {
  const token = await encode({ token: { sub: userId, name: username, sv: 0 }, secret, salt: SESSION_COOKIE });
  return `${SESSION_COOKIE}=${token}`;
}

export async function seedUsers(db: Database, label: string, count: number, secret: string): Promise<SeededUser[]> {
  sharedHash ??= hashPassword(SEEDED_PASSWORD);
  const passwordHash = await sharedHash;
  const rows = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), username: `${label}_${i}`, passwordHash }));
  for (const part of chunks(rows, ROWS_PER_INSERT)) await db.insert(user).values(part);
  return Promise.all(rows.map(async (r) => ({ id: r.id, username: r.username, cookie: await mintSessionCookie(r.id, r.username, secret) })));
}

/** One direct conversation per pair, as `openDirectConversation` would leave it. */
export async function seedDirectConversations(db: Database, pairs: [SeededUser, SeededUser][]): Promise<string[]> {
  const rows = pairs.map(([a, b]) => ({
    id: randomUUID(),
    kind: "direct" as const,
    directKey: [a.id, b.id].sort().join(":"),
    createdBy: a.id,
  }));
  const members = rows.flatMap((row, i) => pairs[i]!.map((u) => ({ conversationId: row.id, userId: u.id })));
  await insertConversations(db, rows, members);
  return rows.map((r) => r.id);
}

/** A group whose first member is its admin (there is no group-creation DAL yet). */
export async function seedGroup(db: Database, name: string, members: SeededUser[]): Promise<string> {
  const id = randomUUID();
  await insertConversations(
    db,
    [{ id, kind: "group", name, createdBy: members[0]!.id }],
    members.map((m, i) => ({ conversationId: id, userId: m.id, role: i === 0 ? ("admin" as const) : ("member" as const) })),
  );
  return id;
}

async function insertConversations(
  db: Database,
  rows: (typeof conversation.$inferInsert)[],
  members: (typeof conversationMember.$inferInsert)[],
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const part of chunks(rows, ROWS_PER_INSERT)) await tx.insert(conversation).values(part);
    for (const part of chunks(members, ROWS_PER_INSERT)) await tx.insert(conversationMember).values(part);
  });
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
