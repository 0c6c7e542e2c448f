import { describe, expect, it } from "vitest";
import { clientIp, clientNetwork, normalizeIp } from "./client-ip";

const headers = (values: Record<string, string>) => new Headers(values);

describe("the client's address", () => {
  it("is the right-most X-Forwarded-For entry, the one the app's own proxy appended", () => {
    expect(clientIp(headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    // Whatever the client wrote itself comes first and is ignored.
    expect(clientIp(headers({ "x-forwarded-for": "1.1.1.1, 10.0.0.1 , 198.51.100.20" }))).toBe("198.51.100.20");
  });

  it("falls back to X-Real-IP, and never takes something that is not an address", () => {
    expect(clientIp(headers({ "x-real-ip": "198.51.100.20" }))).toBe("198.51.100.20");
    expect(clientIp(headers({ "x-forwarded-for": "1.1.1.1, not-an-ip", "x-real-ip": "198.51.100.20" }))).toBe("198.51.100.20");
    for (const forged of ["unknown", "<script>", "", "1.2.3.4.5", "999.1.1.1", "1.2.3.4; drop table", "a".repeat(500)]) {
      expect(clientIp(headers({ "x-forwarded-for": forged }))).toBeNull();
    }
    expect(clientIp(headers({}))).toBeNull();
  });

  it("writes one address one way: ports, brackets, case, zones and IPv4 seen through IPv6", () => {
    expect(normalizeIp("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normalizeIp("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeIp("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeIp("::FFFF:cb00:7107")).toBe("203.0.113.7");
    expect(normalizeIp("::1")).toBe("::1");
    expect(normalizeIp("2001:db8:0:1:0:0:0:1")).toBe("2001:db8:0:1::1");
  });

  it("counts IPv6 clients by their /64, which one subscriber holds whole", () => {
    const a = clientNetwork(headers({ "x-forwarded-for": "2001:db8:aa:bb::1" }));
    const b = clientNetwork(headers({ "x-forwarded-for": "2001:db8:aa:bb:ffff:1:2:3" }));
    expect(a).toBe("2001:db8:aa:bb::/64");
    expect(b).toBe(a);
    expect(clientNetwork(headers({ "x-forwarded-for": "2001:db8:aa:bc::1" }))).not.toBe(a);
    expect(clientNetwork(headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientNetwork(headers({ "x-forwarded-for": "garbage" }))).toBe("unknown");
  });
});
