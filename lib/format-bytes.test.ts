import { describe, expect, it } from "vitest";
import { formatBytes } from "./format-bytes";

describe("file sizes as people read them", () => {
  it("counts in powers of 1024 with one decimal below ten", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1023 bytes");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25 MB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3 GB");
  });
});
