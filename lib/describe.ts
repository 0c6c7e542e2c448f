/** A database URL as it may be logged: no credentials, no query string. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "file:") return url.split("?")[0]!;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "(unparseable database URL)";
  }
}
