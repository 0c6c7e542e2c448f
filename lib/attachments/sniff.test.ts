import { describe, expect, it } from "vitest";
import { sniffType } from "./sniff";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("sniffing a file's type from its bytes", () => {
  it("knows the images sharp decodes, PDFs and zips by their signatures", () => {
    expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniffType(bytes("GIF89a...."))).toBe("image/gif");
    expect(sniffType(bytes("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffType(bytes("\0\0\0\x18ftypheic"))).toBe("image/heic");
    expect(sniffType(bytes("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffType(bytes("PK\x03\x04"))).toBe("application/zip");
  });

  it("calls SVG, HTML, scripts and a renamed file what their bytes are, whatever their names say", () => {
    expect(sniffType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe("application/octet-stream");
    expect(sniffType(bytes("<!doctype html><script>alert(1)</script>"))).toBe("application/octet-stream");
    expect(sniffType(bytes("#!/bin/sh\nrm -rf /"))).toBe("application/octet-stream");
    expect(sniffType(new Uint8Array())).toBe("application/octet-stream");
  });
});
