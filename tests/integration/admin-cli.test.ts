import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, user } from "@/db/schema";
import { isServerAdmin } from "@/lib/dal/admin";
import { createUser } from "@/lib/dal/users";

const run = promisify(execFile);

/** `npm run admin -- <username>` is `node scripts/admin.mjs`, which the Docker image runs as `node admin.mjs`. */
async function admin(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ["scripts/admin.mjs", ...args], { env: { ...process.env } });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe("npm run admin", () => {
  it("makes an existing account admin, says so once, and is in the audit log", async () => {
    await createUser({ username: "first", password: "first password" });
    const other = await createUser({ username: "second", password: "second password" });
    expect(await isServerAdmin(other.id)).toBe(false);
    expect(await admin("SECOND")).toEqual({ code: 0, out: "second is now an admin.\n" });
    expect(await isServerAdmin(other.id)).toBe(true);
    expect(await admin("second")).toEqual({ code: 0, out: "second is already an admin.\n" });
    const entries = await (await getDb()).select().from(auditLog).where(eq(auditLog.target, "second"));
    expect(entries.map((e) => [e.actorUsername, e.action])).toEqual([["(command line)", "made admin"]]);
  });

  it("refuses an unknown name or no name, changing nothing", async () => {
    const before = await (await getDb()).select().from(user);
    expect(await admin("nobody")).toEqual({ code: 1, out: "There is no account named nobody.\n" });
    expect((await admin()).code).toBe(2);
    expect(await (await getDb()).select().from(user)).toEqual(before);
  });
});
