import type { Env, RealtimeClientConfig } from "./env";

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

/**
 * Where a realtime connection goes, as it may be logged: the server's API (http/https) or, for
 * `browser`, the WebSocket (ws/wss) that pusher-js opens. Never the secret.
 */
export function describeRealtime(config: Env["realtime"] | RealtimeClientConfig, { browser = false } = {}): string {
  if (!config.host) return `Pusher Channels cluster ${config.cluster ?? "(none)"}`;
  const scheme = browser ? (config.useTLS ? "wss" : "ws") : config.useTLS ? "https" : "http";
  return `${scheme}://${config.host}:${config.port}`;
}
