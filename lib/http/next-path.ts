const ORIGIN = "http://messenger.invalid";

/**
 * Where to go after signing in: a path on this site only, never an open redirect elsewhere, and
 * written as a URL writes it. The Location header takes only Latin-1 without line breaks, so the
 * raw text of `?next=` (a non-Latin-1 letter, a newline) once turned a right password into a 500;
 * the URL parser percent-encodes the one and drops the other.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2000) return "/";
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return "/";
  }
  // "//evil.example", "/\\evil.example" and the like name another host.
  if (url.origin !== ORIGIN) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
