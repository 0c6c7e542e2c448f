import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { markPeerAddressStamped, PEER_ADDRESS_HEADER } from "./client-ip";

/**
 * Where a request whose path is not valid percent-encoding is sent instead. No route answers it:
 * Next.js gives its 404 for any method, where such a path would otherwise reach its router, fail
 * to decode the route's parameters, and answer a bare 500.
 */
export const MALFORMED_PATH = "/api/malformed-path";

/** Whether every percent escape of the path decodes (to UTF-8), as Next.js's router will need. */
export function isDecodablePath(url: string): boolean {
  const path = url.split("?", 1)[0]!;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

let subscribed = false;

/**
 * Prepares every request this process serves before any handler sees it. Node announces each one
 * on this diagnostics channel just before the server's own handler runs (the request log uses the
 * same one), which is the only point ahead of Next.js's router:
 * - it stamps the TCP peer's address, since Next.js gives route handlers, server actions and
 *   Auth.js only headers, never the socket (whatever a client sent under that name is replaced);
 * - it sends a path that cannot be decoded to MALFORMED_PATH.
 */
export function prepareIncomingRequests(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    if (request.url && !isDecodablePath(request.url)) request.url = MALFORMED_PATH;
  });
  markPeerAddressStamped();
}
