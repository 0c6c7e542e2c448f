import { describe, expect, it } from "vitest";
import { passwordSchema } from "./auth";
import { groupNameSchema } from "./conversation";
import { messageBodySchema } from "./message";
import { profileSchema } from "./profile";

const fields = {
  "a message": (s: string) => messageBodySchema.safeParse(s),
  "a group name": (s: string) => groupNameSchema.safeParse(s),
  "a password": (s: string) => passwordSchema.safeParse(`${s}-long-enough`),
  "a bio": (s: string) => profileSchema.safeParse({ firstName: "", lastName: "", bio: s }),
};

describe.each(Object.entries(fields))("%s", (_, parse) => {
  it.each([
    ["a null character", "a\u0000b", "null character"],
    ["only null characters", "\u0000\u0000", "null character"],
    ["a lone high surrogate", "x\ud800y", "unpaired"],
    ["a lone low surrogate", "\udc00z", "unpaired"],
  ])("refuses %s, which the database would not keep as sent", (_, text, message) => {
    const result = parse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(" ")).toContain(message);
  });

  it("keeps paired surrogates, zero-width and direction characters", () => {
    expect(parse("😀\u200b\u202eabc").success).toBe(true);
  });
});
