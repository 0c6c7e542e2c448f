import Pusher from "pusher-js";
import { ApiError, postChannelBatch } from "@/lib/api-client";
import type { RealtimeClientConfig } from "@/lib/env";
import { ChannelAuthBatcher, RefusedChannel } from "./auth-batcher";
import { keepReconnecting } from "./reconnect";

export type RealtimeClient = {
  client: Pusher;
  /** Why a channel's last subscription was refused, if it was: resubscribing waits or gives up by it. */
  refusalOf: (channelName: string) => RefusedChannel | undefined;
};

/**
 * The browser's realtime connection: Soketi by host and port, or Pusher Channels by cluster. Only
 * pusher-js's "ws" transport, which uses TLS when the settings or the page ask for it, and no stats:
 * the other transports would try wss:// on a plain ws:// server, the sockjs-*.pusher.com HTTP
 * fallbacks and the stats endpoint, none of which the Content-Security-Policy lets it reach
 * (see lib/http/content-security-policy.ts, which allows this one WebSocket origin). Subscriptions
 * are signed in batches: one request for all those of a turn, as after every reconnect; a lost
 * connection is tried again within seconds of the server coming back (lib/realtime/reconnect.ts).
 */
export function createRealtimeClient(config: RealtimeClientConfig): RealtimeClient {
  const batcher: ChannelAuthBatcher = new ChannelAuthBatcher(
    async (socketId, channels) => {
      try {
        return (await postChannelBatch(socketId, channels)).channels;
      } catch (error) {
        if (error instanceof ApiError) throw new RefusedChannel(error.status, error.message, error.retryAfterMs);
        throw error;
      }
    },
    // Read when an answer arrives, after `client` below exists.
    (): string | undefined => client.connection.socket_id,
  );
  const client: Pusher = new Pusher(config.key, {
    cluster: config.cluster ?? "",
    ...(config.host ? { wsHost: config.host, wsPort: config.port, wssPort: config.port } : {}),
    enabledTransports: ["ws"],
    forceTLS: config.useTLS,
    disableStats: true,
    channelAuthorization: { endpoint: "/api/realtime/auth/batch", transport: "ajax", customHandler: batcher.authorize },
  });
  keepReconnecting(client);
  return { client, refusalOf: (name) => batcher.refusalOf(name) };
}
