import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { user } from "@/db/schema";
import { createUser, findPeople, resolveSession, type Actor } from "./users";

let viewer: Actor;
beforeAll(async () => {
  viewer = await createUser({ username: "viewer", password: "password-viewer" });
});

/** People signed up under these usernames, then given these first and last names. */
async function createNamed(people: [username: string, firstName: string, lastName: string][]) {
  const db = await getDb();
  for (const [username, firstName, lastName] of people) {
    const person = await createUser({ username, password: "password-123" });
    await db.update(user).set({ firstName, lastName }).where(eq(user.id, person.id));
  }
}

describe("sessions", () => {
  it("accepts the current session version only", async () => {
    expect(await resolveSession(viewer.id, 1)).toBeNull();
    expect(await resolveSession(crypto.randomUUID(), 0)).toBeNull();
    expect(await resolveSession(viewer.id, 0)).toEqual(viewer);
  });
});

describe("finding people", () => {
  it("matches username, first or last name by prefix, ignoring case, a page at a time", async () => {
    await createNamed([
      ["zoe_1", "Zoë", "Smith"],
      ["zed", "Maria", "Zimmer"],
      ["mzq", "Zara", "Jones"],
      ["x_z", "Nope", "Nope"],
    ]);
    const first = await findPeople(viewer, { q: "Z" }, 2);
    expect(first.people.map((p) => p.username)).toEqual(["mzq", "zed"]);
    expect(first.nextAfter).toBe("zed");
    const second = await findPeople(viewer, { q: "z", after: first.nextAfter }, 2);
    expect(second.people.map((p) => p.username)).toEqual(["zoe_1"]);
    expect(second.nextAfter).toBeNull();
    // Wildcards are text: "_" matches only an underscore.
    expect((await findPeople(viewer, { q: "x_" })).people.map((p) => p.username)).toEqual(["x_z"]);
    expect((await findPeople(viewer, { q: "%" })).people).toEqual([]);
    await expect(findPeople(viewer, { q: "x".repeat(65) })).rejects.toMatchObject({ code: "bad_request:input" });
  });

  it("matches first, last and full names and any part of them, ignoring case and accents beyond ASCII", async () => {
    await createNamed([
      ["alice_a", "Alice", "Anders"],
      ["emi", "Émilie", "Ørsted"],
      ["greg", "Grégoire", "Łukasz"],
    ]);
    const found = async (q: string) => (await findPeople(viewer, { q })).people.map((p) => p.username);
    expect(await found("Alice Anders")).toEqual(["alice_a"]);
    expect(await found("anders ALICE")).toEqual(["alice_a"]);
    expect(await found("lic")).toEqual(["alice_a"]);
    expect(await found("ders")).toEqual(["alice_a"]);
    expect(await found("EMILIE")).toEqual(["emi"]);
    expect(await found("milié")).toEqual(["emi"]);
    expect(await found("ÉMI ørs")).toEqual(["emi"]);
    expect(await found("gregoire")).toEqual(["greg"]);
    expect(await found("ŁUK")).toEqual(["greg"]);
    // Every word must match, and FTS5 syntax is text.
    expect(await found("alice emilie")).toEqual([]);
    expect(await found('lic" OR "emi')).toEqual([]);
    expect(await found("ali*")).toEqual([]);
    // Characters no name holds (FTS5 refuses a NUL) find no one and fail nothing.
    expect(await found("\u0000lic")).toEqual(["alice_a"]);
    expect(await found("\u0000\u0000")).toEqual([]);
    expect(await found("\ud800ice")).toEqual(["alice_a"]);
    // A rename reaches the index.
    const db = await getDb();
    const alice = await db.query.user.findFirst({ where: eq(user.username, "alice_a") });
    await db.update(user).set({ lastName: "Berg" }).where(eq(user.id, alice!.id));
    expect(await found("anders")).toEqual([]);
    expect(await found("Alice Berg")).toEqual(["alice_a"]);
  });
});
