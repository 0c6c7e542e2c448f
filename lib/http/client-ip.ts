import { isIP } from "node:net";

/**
 * The address a request came from, as the proxy in front of the app saw it: the right-most entry of
 * X-Forwarded-For, else X-Real-IP, else null. Only something that parses as an IP address counts.
 *
 * Right-most, not left-most: a proxy appends the address it saw to whatever the client sent, so
 * every entry but the last is the client's own word and can be forged. On Vercel the platform
 * replaces the header with the one address it saw; nginx (`$proxy_add_x_forwarded_for`), Caddy and
 * load balancers append it. With no proxy at all, Next.js's server fills in the socket's address
 * when the header is missing (but keeps one a client sent: run it behind a proxy, as the README says).
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1);
  return normalizeIp(forwarded) ?? normalizeIp(headers.get("x-real-ip"));
}

/**
 * The network a rate limit counts a request against: an IPv4 address, or an IPv6 address's /64
 * (one subscriber gets a whole /64 and can use any address in it), or "unknown" for a request
 * with no readable address, which all share one count.
 */
export function clientNetwork(headers: Headers): string {
  const ip = clientIp(headers);
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
  for (let i = 0; i < groups.length; ) {
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
