import { describe, expect, it } from "vitest";
import { attachmentLabel, withAttachmentLabel } from "./label";

describe("the preview of a message's files", () => {
  it("says Photo for images and names a single file", () => {
    expect(attachmentLabel([])).toBeNull();
    expect(attachmentLabel([{ name: "a.jpg", kind: "image" }])).toBe("📷 Photo");
    expect(
      attachmentLabel([
        { name: "a.jpg", kind: "image" },
        { name: "b.png", kind: "image" },
      ]),
    ).toBe("📷 2 photos");
    expect(attachmentLabel([{ name: "report.pdf", kind: "file" }])).toBe("📎 report.pdf");
    expect(
      attachmentLabel([
        { name: "a.jpg", kind: "image" },
        { name: "report.pdf", kind: "file" },
      ]),
    ).toBe("📎 2 files");
  });

  it("puts the caption after the label", () => {
    expect(withAttachmentLabel("📷 Photo", "")).toBe("📷 Photo");
    expect(withAttachmentLabel("📷 Photo", "look")).toBe("📷 Photo look");
    expect(withAttachmentLabel(null, "hi")).toBe("hi");
    expect(withAttachmentLabel(null, null)).toBeNull();
  });
});
