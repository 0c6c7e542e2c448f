import Pusher from "pusher-js";
import type { RealtimeClientConfig } from "@/lib/env";

/** The browser's realtime connection: Soketi by host and port, or Pusher Channels by cluster. */
export function createRealtimeClient(config: RealtimeClientConfig): Pusher {
  return new Pusher(config.key, {
    cluster: config.cluster ?? "",
    ...(config.host
      ? { wsHost: config.host, wsPort: config.port, wssPort: config.port, enabledTransports: ["ws", "wss"] }
      : {}),
    forceTLS: config.useTLS,
    disableStats: true,
    channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
  });
}
