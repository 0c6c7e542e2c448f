import { describe, expect, it } from "vitest";
import { attachmentLabel, withAttachmentLabel } from "./label";

const image = (name: string) => ({ name, kind: "image" as const });
const file = (name: string) => ({ name, kind: "file" as const });

describe("the preview of a message's files", () => {
  it("says Photo for images and names a single file", () => {
    expect(attachmentLabel([])).toBeNull();
    expect(attachmentLabel([image("a.jpg")])).toBe("📷 Photo");
    expect(attachmentLabel([image("a.jpg"), image("b.png")])).toBe("📷 2 photos");
    expect(attachmentLabel([file("report.pdf")])).toBe("📎 report.pdf");
    expect(attachmentLabel([image("a.jpg"), file("report.pdf")])).toBe("📎 2 files");
  });

  it("puts the caption after the label", () => {
    expect(withAttachmentLabel("📷 Photo", "")).toBe("📷 Photo");
    expect(withAttachmentLabel("📷 Photo", "look")).toBe("📷 Photo look");
    expect(withAttachmentLabel(null, "hi")).toBe("hi");
    expect(withAttachmentLabel(null, null)).toBeNull();
  });
});
