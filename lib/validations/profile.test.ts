import { describe, expect, it } from "vitest";
import { changePasswordSchema, peopleQuerySchema, profileSchema } from "./profile";

describe("profileSchema", () => {
  it("trims and keeps a multi-line bio", () => {
    expect(profileSchema.parse({ firstName: " Ana ", lastName: "", bio: " one\ntwo " })).toEqual({
      firstName: "Ana",
      lastName: "",
      bio: "one\ntwo",
    });
  });

  it.each([
    ["a name with a line break", { firstName: "A\nB" }, "firstName"],
    ["a 51-character last name", { lastName: "x".repeat(51) }, "lastName"],
    ["a 281-character bio", { bio: "x".repeat(281) }, "bio"],
    ["a bio that is not text", { bio: 42 }, "bio"],
  ])("refuses %s", (_, patch, field) => {
    const result = profileSchema.safeParse({ firstName: "", lastName: "", bio: "", ...patch });
    expect(result.error?.issues.map((i) => i.path[0])).toEqual([field]);
  });
});

it("changePasswordSchema wants a different new password of at least 8 characters", () => {
  expect(changePasswordSchema.safeParse({ currentPassword: "old-password", newPassword: "old-password" }).error?.issues[0]).toMatchObject({
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
  expect(changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "short" }).success).toBe(false);
  expect(changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "long enough" }).success).toBe(true);
});

it("peopleQuerySchema treats empty as absent and refuses a malformed cursor", () => {
  expect(peopleQuerySchema.parse({ q: "  ", after: "" })).toEqual({ q: undefined, after: undefined });
  expect(peopleQuerySchema.parse({ q: " Ana ", after: "Ben" })).toEqual({ q: "Ana", after: "ben" });
  expect(peopleQuerySchema.safeParse({ after: "'; drop" }).success).toBe(false);
});
