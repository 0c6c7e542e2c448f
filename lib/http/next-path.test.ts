import { expect, it } from "vitest";
import { safeNextPath } from "./next-path";

it("keeps a path on this site, written so that a Location header can carry it", () => {
  expect(safeNextPath("/c/123?m=5#end")).toBe("/c/123?m=5#end");
  expect(safeNextPath("/u/zoë")).toBe("/u/zo%C3%AB");
  expect(safeNextPath("/search?q=日本")).toBe("/search?q=%E6%97%A5%E6%9C%AC");
  expect(safeNextPath("/settings\r\nSet-Cookie: x=1")).toBe("/settingsSet-Cookie:%20x=1");
  for (const next of ["/c/\u2028", "/😀", "/%ff", "/a\u0000b"]) expect(() => new Headers({ location: safeNextPath(next) })).not.toThrow();
});

it("never leaves the site", () => {
  for (const next of ["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example", "evil", "", null, 42, ["/"]]) {
    expect(safeNextPath(next), String(next)).toBe("/");
  }
});
