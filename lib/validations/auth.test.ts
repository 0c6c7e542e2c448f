import { describe, expect, it } from "vitest";
import { passwordSchema, signUpSchema, usernameSchema } from "./auth";

describe("usernameSchema", () => {
  it.each(["abc", "a_b.c", "user123", "x".repeat(32)])("accepts %s", (name) => {
    expect(usernameSchema.parse(name)).toBe(name);
  });

  it("folds case and trims, so that uniqueness ignores case", () => {
    expect(usernameSchema.parse("  Alice.B ")).toBe("alice.b");
  });

  it.each([
    ["ab", "at least 3"],
    ["x".repeat(33), "at most 32"],
    ["no spaces", "Use only"],
    ["émile", "Use only"],
    ["a-b", "Use only"],
    ["<script>", "Use only"],
  ])("refuses %j with a message", (name, message) => {
    const result = usernameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });

  it("refuses non-strings", () => {
    expect(usernameSchema.safeParse(42).success).toBe(false);
    expect(usernameSchema.safeParse(undefined).success).toBe(false);
  });
});

describe("passwordSchema", () => {
  it("takes 8 to 128 characters, spaces and all", () => {
    expect(passwordSchema.safeParse("12345678").success).toBe(true);
    expect(passwordSchema.safeParse(" ".repeat(8)).success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(128)).success).toBe(true);
  });

  it("refuses shorter and longer", () => {
    expect(passwordSchema.safeParse("1234567").error?.issues[0]?.message).toContain("at least 8");
    expect(passwordSchema.safeParse("x".repeat(129)).error?.issues[0]?.message).toContain("at most 128");
  });
});

it("signUpSchema reports each field by name", () => {
  const result = signUpSchema.safeParse({ username: "a", password: "b" });
  expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(["password", "username"]);
});
