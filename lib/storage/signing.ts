import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Signed query strings for the local store's URLs (/api/files/…): what S3's presigned URLs are for
 * a bucket. The signature covers every parameter, so a URL for one key, one size, one way of
 * serving and one expiry cannot be turned into another.
 */
function key(): Buffer {
  return createHmac("sha256", env().authSecret).update("messenger:file-urls").digest();
}

export function sign(params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("\n");
  return createHmac("sha256", key()).update(canonical).digest("base64url");
}

/**
 * The parameters of a URL whose signature holds and which has not expired, else null. `bound` are
 * signed but carried in the path (the key), not the query.
 */
export function verify(search: URLSearchParams, bound: Record<string, string>, now = Date.now()): Record<string, string> | null {
  const { sig, ...query } = Object.fromEntries(search);
  const rest = { ...query, ...bound };
  if (!sig || !rest.exp || !(Number(rest.exp) > now)) return null;
  const expected = Buffer.from(sign(rest));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) ? rest : null;
}
