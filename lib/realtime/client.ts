import Pusher from "pusher-js";
import type { RealtimeClientConfig } from "@/lib/env";

/**
 * The browser's realtime connection: Soketi by host and port, or Pusher Channels by cluster. Only
 * pusher-js's "ws" transport, which uses TLS when the settings or the page ask for it, and no stats:
 * the other transports would try wss:// on a plain ws:// server, the sockjs-*.pusher.com HTTP
 * fallbacks and the stats endpoint, none of which the Content-Security-Policy lets it reach
 * (see lib/http/content-security-policy.ts, which allows this one WebSocket origin).
 */
export function createRealtimeClient(config: RealtimeClientConfig): Pusher {
  return new Pusher(config.key, {
    cluster: config.cluster ?? "",
    ...(config.host ? { wsHost: config.host, wsPort: config.port, wssPort: config.port } : {}),
    enabledTransports: ["ws"],
    forceTLS: config.useTLS,
    disableStats: true,
    channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
  });
}
