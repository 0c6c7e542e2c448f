import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { markPeerAddressStamped, PEER_ADDRESS_HEADER } from "./client-ip";

let subscribed = false;

/**
 * Stamps every request this process serves with its TCP peer's address, before any handler sees
 * it: Next.js gives route handlers, server actions and Auth.js only headers, never the socket.
 * Node announces each request on this diagnostics channel just before the server's own handler runs
 * (the request log uses the same one), and whatever a client sent under this name is overwritten.
 */
export function stampPeerAddresses(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  });
  markPeerAddressStamped();
}
