import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { user } from "@/db/schema";
import { createUser, findPeople, resolveSession, type Actor } from "./users";

let viewer: Actor;
beforeAll(async () => {
  viewer = await createUser({ username: "viewer", password: "password-viewer" });
});

describe("sessions", () => {
  it("accepts the current session version only", async () => {
    expect(await resolveSession(viewer.id, 1)).toBeNull();
    expect(await resolveSession(crypto.randomUUID(), 0)).toBeNull();
    expect(await resolveSession(viewer.id, 0)).toEqual(viewer);
  });
});

describe("finding people", () => {
  it("matches username, first or last name by prefix, ignoring case, a page at a time", async () => {
    const db = await getDb();
    const made: Actor[] = [];
    for (const [username, firstName, lastName] of [
      ["zoe_1", "Zoë", "Smith"],
      ["zed", "Maria", "Zimmer"],
      ["mzq", "Zara", "Jones"],
      ["x_z", "Nope", "Nope"],
    ] as const) {
      const person = await createUser({ username, password: "password-123" });
      await db.update(user).set({ firstName, lastName }).where(eq(user.id, person.id));
      made.push(person);
    }
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
});
