import { BlockList } from "node:net";
import { describe, expect, it } from "vitest";
import type { TrustProxy } from "@/lib/env";
import { clientIp, clientNetwork, markPeerAddressStamped, normalizeIp, PEER_ADDRESS_HEADER } from "./client-ip";

const headers = (values: Record<string, string>) => new Headers(values);
const peer = (address: string, values: Record<string, string> = {}) => headers({ [PEER_ADDRESS_HEADER]: address, ...values });
const none: TrustProxy = { kind: "none" };
const oneHop: TrustProxy = { kind: "hops", hops: 1 };

describe("the client's address", () => {
  markPeerAddressStamped();

  it("is the TCP peer unless TRUST_PROXY says otherwise: a client's X-Forwarded-For is its own word", () => {
    expect(clientIp(peer("203.0.113.7", { "x-forwarded-for": "198.51.100.1" }), none)).toBe("203.0.113.7");
    expect(clientIp(peer("::ffff:203.0.113.7"), none)).toBe("203.0.113.7");
    expect(clientNetwork(peer("203.0.113.7", { "x-forwarded-for": "198.51.100.2" }), none)).toBe(
      clientNetwork(peer("203.0.113.7", { "x-forwarded-for": "198.51.100.3" }), none),
    );
    expect(clientIp(headers({ "x-forwarded-for": "198.51.100.1" }), none)).toBeNull();
  });

  it("with N trusted hops, is the N-th X-Forwarded-For entry from the right, the one the outermost proxy appended", () => {
    expect(clientIp(peer("10.0.0.1", { "x-forwarded-for": "203.0.113.7" }), oneHop)).toBe("203.0.113.7");
    // Whatever the client wrote itself comes first and is ignored.
    expect(clientIp(peer("10.0.0.1", { "x-forwarded-for": "1.1.1.1, 10.0.0.9 , 198.51.100.20" }), oneHop)).toBe("198.51.100.20");
    expect(clientIp(peer("10.0.0.1", { "x-forwarded-for": "1.1.1.1, 198.51.100.20, 10.0.0.9" }), { kind: "hops", hops: 2 })).toBe("198.51.100.20");
    expect(clientIp(peer("10.0.0.1"), oneHop)).toBe("10.0.0.1");
    for (const forged of ["unknown", "<script>", "1.2.3.4.5", "999.1.1.1", "1.2.3.4; drop table", "a".repeat(500)]) {
      expect(clientIp(peer("10.0.0.1", { "x-forwarded-for": forged }), oneHop)).toBeNull();
    }
  });

  it("with trusted proxy addresses, is the first address from the right that is not one of them", () => {
    const list = new BlockList();
    list.addSubnet("10.0.0.0", 8, "ipv4");
    const trusted: TrustProxy = { kind: "addresses", list };
    expect(clientIp(peer("10.0.0.1", { "x-forwarded-for": "1.1.1.1, 198.51.100.20, 10.0.0.9" }), trusted)).toBe("198.51.100.20");
    // A peer that is not a trusted proxy is the client, whatever it forwards.
    expect(clientIp(peer("203.0.113.7", { "x-forwarded-for": "198.51.100.20" }), trusted)).toBe("203.0.113.7");
    expect(clientIp(peer("10.0.0.1", { "x-forwarded-for": "garbage, 10.0.0.2" }), trusted)).toBeNull();
  });

  it("never believes a peer header in a process that does not stamp it itself", () => {
    const flags = globalThis as { messengerStampsPeerAddress?: boolean };
    delete flags.messengerStampsPeerAddress;
    expect(clientIp(peer("203.0.113.7"), none)).toBeNull();
    markPeerAddressStamped();
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
    const a = clientNetwork(peer("2001:db8:aa:bb::1"), none);
    const b = clientNetwork(peer("2001:db8:aa:bb:ffff:1:2:3"), none);
    expect(a).toBe("2001:db8:aa:bb::/64");
    expect(b).toBe(a);
    expect(clientNetwork(peer("2001:db8:aa:bc::1"), none)).not.toBe(a);
    expect(clientNetwork(peer("203.0.113.7"), none)).toBe("203.0.113.7");
    expect(clientNetwork(peer("garbage"), none)).toBe("unknown");
  });
});
