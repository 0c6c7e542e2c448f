import { isIP, type BlockList } from "node:net";
import { env, type TrustProxy } from "@/lib/env";

/**
 * The header the server stamps with the TCP peer's address as each request arrives (see
 * lib/http/incoming-request.ts), replacing any a client sent. Read only in a process that stamps it.
 */
export const PEER_ADDRESS_HEADER = "x-messenger-peer-address";
const stamping = globalThis as unknown as { messengerStampsPeerAddress?: boolean };

/** Said by the stamping hook: from now on the peer header of this process's requests is the server's own. */
export function markPeerAddressStamped(): void {
  stamping.messengerStampsPeerAddress = true;
}

/**
 * The address a request came from, or null when it cannot be known. Only the proxies TRUST_PROXY
 * names may say (lib/env.ts): with none, the client is the TCP peer, and X-Forwarded-For is the
 * client's own word, which it can set to anything, so it is ignored.
 *
 * Each proxy appends the address it saw to X-Forwarded-For, after whatever the client wrote. So
 * with N trusted hops the client is the N-th entry from the right; with trusted addresses, the
 * right-most address that is not one of them, walking from the peer leftwards. Vercel replaces the
 * header with the one address it saw (one hop). Entries that are not addresses end the walk: null.
 */
export function clientIp(headers: Headers, trust: TrustProxy = env().trustProxy): string | null {
  const peer = stamping.messengerStampsPeerAddress ? normalizeIp(headers.get(PEER_ADDRESS_HEADER)) : null;
  if (trust.kind === "none") return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").filter((entry) => entry.trim() !== "");
  if (trust.kind === "hops") {
    if (forwarded.length === 0) return peer;
    // Fewer entries than hops: the request came through fewer proxies; the left-most is the furthest known.
    return normalizeIp(forwarded[Math.max(0, forwarded.length - trust.hops)]);
  }
  let current = peer;
  for (let i = forwarded.length - 1; current !== null && isTrusted(trust.list, current) && i >= 0; i--) {
    current = normalizeIp(forwarded[i]);
  }
  return current;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/**
 * The network a rate limit counts a request against: an IPv4 address, or an IPv6 address's /64
 * (one subscriber gets a whole /64 and can use any address in it), or "unknown" for a request
 * with no readable address, which all share one count.
 */
export function clientNetwork(headers: Headers, trust?: TrustProxy): string {
  const ip = clientIp(headers, trust);
  if (!ip) return "unknown";
  if (isIP(ip) === 4) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(":")}::/64`;
}

/** A canonical form of one address as proxies write it (ports, brackets, case, IPv4 in IPv6), or null. */
export function normalizeIp(value: string | null | undefined): string | null {
  let text = value?.trim() ?? "";
  if (text.length === 0 || text.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  // A zone ("fe80::1%eth0") names an interface of the proxy's host, not a different client.
  text = text.replace(/%[\w.-]+$/, "").toLowerCase();
  const version = isIP(text);
  if (version === 4) return text;
  if (version !== 6) return null;
  const groups = expandIPv6(text);
  // An IPv4 client seen through a dual-stack socket (::ffff:203.0.113.7) is that IPv4 client.
  if (groups.slice(0, 5).every((g) => g === "0") && groups[5] === "ffff") {
    const [high, low] = [parseInt(groups[6]!, 16), parseInt(groups[7]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return compressIPv6(groups);
}

/** The eight groups of a valid IPv6 address, lower case, without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}

/** RFC 5952: the longest run of two or more zero groups becomes "::". */
function compressIPv6(groups: string[]): string {
  let best = { start: -1, length: 1 };
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(":");
  const before = groups.slice(0, best.start).join(":");
  const after = groups.slice(best.start + best.length).join(":");
  return `${before}::${after}`;
}
