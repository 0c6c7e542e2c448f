import Pusher from "pusher-js";
import { ApiError, postChannelBatch, postRealtimeSignIn } from "@/lib/client/api-client";
import type { RealtimeClientConfig } from "@/lib/env";
import { ChannelAuthBatcher, RefusedChannel } from "@/lib/realtime/auth-batcher";
import { keepReconnecting } from "@/lib/realtime/reconnect";
import { signInCurrentSocket } from "@/lib/realtime/sign-in";

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
    userAuthentication: {
      endpoint: "/api/realtime/user-auth",
      transport: "ajax",
      customHandler: signInCurrentSocket(postRealtimeSignIn, (): string | undefined => client.connection.socket_id),
    },
  });
  // Signed in on every (re)connection: the server requires it, and it is how a revoked session's
  // sockets are found and closed (terminateConnections in lib/realtime/server.ts).
  client.signin();
  let ending = false;
  client.connection.bind("error", (error: { data?: { code?: unknown } } | undefined) => {
    if (error?.data?.code !== TERMINATED || ending) return;
    ending = true;
    void afterTermination(client).finally(() => (ending = false));
  });
  keepReconnecting(client);
  return { client, refusalOf: (name) => batcher.refusalOf(name) };
}

/** The close code of a socket the app ended (a revoked session) or that failed to sign in. */
const TERMINATED = 4009;
/** Long enough for a password change in this very tab to have set its new session cookie. */
const SETTLE_MS = 2000;

/**
 * pusher-js does not reconnect after the server ended the connection, which is right for a revoked
 * session. Whether this tab's session is the revoked one is for the server to say: signed out, the
 * tab goes to sign-in; still signed in (this tab changed the password, and so holds the new
 * session), it connects again.
 */
async function afterTermination(client: Pusher, attempt = 0): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  let status: number;
  try {
    status = (await fetch("/api/realtime/user-auth", { cache: "no-store" })).status;
  } catch {
    if (attempt < 5) return afterTermination(client, attempt + 1);
    return;
  }
  // A whole new page, not a client navigation: nothing of the revoked session's state stays behind.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  if (status === 401) window.location.assign("/sign-in");
  else client.connect();
}
