import "server-only";
import { hkdfSync } from "node:crypto";
import { jwtDecrypt } from "jose";

/**
 * Reads the Auth.js session cookie of a request without Auth.js: the same key derivation and the
 * same JWE checks as `decode` from next-auth/jwt, but with the keys derived once per process and
 * nothing re-encrypted or re-issued. Auth.js's `auth()` re-derives its key, decrypts, re-encrypts
 * and sets the cookie again on every call, which cost about as much CPU as the rest of a send.
 * Route handlers on the hot path use this; pages and server actions keep `auth()`, and with it the
 * rolling renewal of the cookie.
 */

/** Auth.js names the cookie after the protocol; each name is also the key derivation's salt. */
const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
const ENCODINGS = { "A256CBC-HS512": 64, A256GCM: 32 } as const;

export type SessionClaims = { userId: string; sessionVersion: number };

const keys = new Map<string, Uint8Array>();

// Decrypting costs a WebCrypto HMAC and an AES pass, about half a millisecond; a browser sends the
// same cookie with every request until Auth.js renews it. A token is authenticated ciphertext, so
// the same string always carries the same claims: they are kept until the token expires. Whether
// its session version is still current is checked against the database on every request regardless.
const CACHE_LIMIT = 10_000;
const decoded = new Map<string, { claims: SessionClaims | null; expiresAt: number }>();

function remember(token: string, claims: SessionClaims | null, expiresAt: number) {
  if (decoded.size >= CACHE_LIMIT) decoded.delete(decoded.keys().next().value!);
  decoded.set(token, { claims, expiresAt });
}

function derivedKey(secret: string, salt: string, enc: keyof typeof ENCODINGS): Uint8Array {
  const id = `${enc}\0${salt}\0${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, ENCODINGS[enc]));
    keys.set(id, key);
  }
  return key;
}

/** The session cookie's value under `name`, joined from its chunks when Auth.js had to split it. */
function cookieValue(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
  return chunks.length > 0 ? chunks.join("") : undefined;
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name.includes("authjs.session-token") || cookies.has(name)) continue;
    cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * The user id and session version a request's session cookie vouches for, or null when it has none,
 * or one that is forged, tampered with, expired or made with another secret. Whether that session
 * version is still the user's current one is for the database to say (see lib/dal/session.ts).
 */
export async function readSessionClaims(headers: Headers, secret: string): Promise<SessionClaims | null> {
  const cookies = parseCookies(headers.get("cookie") ?? "");
  if (cookies.size === 0) return null;
  for (const name of COOKIE_NAMES) {
    const token = cookieValue(cookies, name);
    if (!token) continue;
    const cacheKey = `${secret}\0${name}=${token}`;
    const known = decoded.get(cacheKey);
    if (known && known.expiresAt > Date.now()) return known.claims;
    try {
      const { payload } = await jwtDecrypt(
        token,
        (header) => {
          const enc = header.enc as keyof typeof ENCODINGS;
          if (!(enc in ENCODINGS)) throw new Error("unsupported encoding");
          return derivedKey(secret, name, enc);
        },
        { clockTolerance: 15, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: Object.keys(ENCODINGS) },
      );
      const claims =
        typeof payload.sub === "string" && payload.sub !== "" ? { userId: payload.sub, sessionVersion: typeof payload.sv === "number" ? payload.sv : 0 } : null;
      // jwtDecrypt refused it if it had expired (with Auth.js's 15 s of tolerance).
      if (typeof payload.exp === "number") remember(cacheKey, claims, (payload.exp + 15) * 1000);
      return claims;
    } catch {
      return null;
    }
  }
  return null;
}
