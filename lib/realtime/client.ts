import Pusher from "pusher-js";
import type { RealtimeClientConfig } from "@/lib/env";

/**
 * The browser's realtime connection: Soketi by host and port, or Pusher Channels by cluster. Only
 * the WebSocket transports and no stats: the HTTP fallbacks (sockjs-*.pusher.com) and the stats
 * endpoint are other origins, which the Content-Security-Policy allows no connection to.
 */
export function createRealtimeClient(config: RealtimeClientConfig): Pusher {
  return new Pusher(config.key, {
    cluster: config.cluster ?? "",
    ...(config.host ? { wsHost: config.host, wsPort: config.port, wssPort: config.port } : {}),
    enabledTransports: ["ws", "wss"],
    forceTLS: config.useTLS,
    disableStats: true,
    channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
  });
}
