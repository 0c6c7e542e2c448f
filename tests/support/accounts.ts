import { openDatabase } from "@/db/client";
import { user } from "@/db/schema";
import { mintSessionCookie } from "./seed";
import { hashPassword } from "@/lib/password";
import { TEST_AUTH_SECRET } from "./stack";

export type Account = { id: string; username: string; password: string; cookie: string };

/** The password each test account is created with: distinct per person, so one's is wrong for another. */
export const passwordOf = (username: string) => `${username} password 1`;

/**
 * People written straight into a test stack's database, each with the session cookie Auth.js would
 * have set at sign-in (minted with the stack's secret): far quicker than signing each up over HTTP.
 */
export async function createAccounts<N extends string>(databaseUrl: string, names: readonly N[]): Promise<Record<N, Account>> {
  const db = await openDatabase(databaseUrl);
  try {
    const accounts = await Promise.all(
      names.map(async (username) => ({
        id: crypto.randomUUID(),
        username,
        password: passwordOf(username),
        passwordHash: await hashPassword(passwordOf(username)),
      })),
    );
    await db.insert(user).values(accounts.map(({ id, username, passwordHash }) => ({ id, username, passwordHash })));
    const out = {} as Record<N, Account>;
    for (const a of accounts) {
      out[a.username as N] = { id: a.id, username: a.username, password: a.password, cookie: await mintSessionCookie(a.id, a.username, TEST_AUTH_SECRET) };
    }
    return out;
  } finally {
    db.$client.close();
  }
}
