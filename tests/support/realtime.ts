import type PusherServer from "pusher";
import Pusher, { type Channel } from "pusher-js";
import { signInCurrentSocket } from "@/lib/realtime/sign-in";
import { request } from "./http";

export type Authorize = (socketId: string, channelName: string) => Promise<{ auth: string }>;

/** Asks the app's channel-auth route, with the user's session cookie, exactly as a browser's pusher-js does. */
export function viaRoute(baseURL: string, cookie: string, timeoutMs?: number): Authorize {
  return async (socketId, channelName) => {
    const response = await request(`${baseURL}/api/realtime/auth`, {
      cookie,
      form: { socket_id: socketId, channel_name: channelName },
      timeoutMs,
    });
    if (response.status !== 200) throw new Error(`channel auth for ${channelName}: HTTP ${response.status} ${response.body}`);
    return JSON.parse(response.body) as { auth: string };
  };
}

export type Authenticate = (socketId: string) => Promise<{ auth: string; user_data: string }>;

/** Signs the socket in at the app's user-auth route, with the user's session cookie, as the browser does. */
export function signInViaRoute(baseURL: string, cookie: string, timeoutMs?: number): Authenticate {
  return async (socketId) => {
    const response = await request(`${baseURL}/api/realtime/user-auth`, { cookie, form: { socket_id: socketId }, timeoutMs });
    if (response.status !== 200) throw new Error(`realtime sign-in: HTTP ${response.status} ${response.body}`);
    return JSON.parse(response.body) as { auth: string; user_data: string };
  };
}

export type RealtimeTarget = { port: number; key: string };

/**
 * A pusher-js client in this process, signed in (`authenticate`) on every connection as the
 * browser's is: the realtime server ends a socket that has not signed in within its timeout.
 * Resolved once its WebSocket is connected.
 */
export function connect(target: RealtimeTarget, authorize: Authorize, authenticate: Authenticate, timeoutMs = 20_000): Promise<Pusher> {
  const client = new Pusher(target.key, {
    cluster: "",
    wsHost: "127.0.0.1",
    wsPort: target.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        authorize(socketId, channelName).then(
          (data) => callback(null, data),
          (error: Error) => callback(error, null),
        );
      },
    },
    userAuthentication: {
      // The browser's own handler (lib/client/realtime.ts): an answer for a socket since replaced is dropped.
      customHandler: signInCurrentSocket(authenticate, (): string | undefined => client.connection.socket_id),
    },
  });
  client.signin();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    // Once connected, the client is the caller's: a later drop must leave pusher-js to reconnect.
    const onStateChange = ({ current }: { current: string }) => {
      if (current === "connected") {
        clearTimeout(timer);
        client.connection.unbind("state_change", onStateChange);
        resolve(client);
      } else if (current === "failed" || current === "unavailable") {
        fail(new Error(`connection ${current}`));
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      client.connection.unbind("state_change", onStateChange);
      client.disconnect();
      reject(error);
    };
    client.connection.bind("state_change", onStateChange);
  });
}

/** Resolves when Soketi confirms the subscription (after the authorizer signed it). */
export function subscribe(client: Pusher, channelName: string, timeoutMs = 20_000): Promise<Channel> {
  const channel = client.subscribe(channelName);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscription to ${channelName} not confirmed within ${timeoutMs} ms`)), timeoutMs);
    channel.bind("pusher:subscription_succeeded", () => {
      clearTimeout(timer);
      resolve(channel);
    });
    channel.bind("pusher:subscription_error", (error: unknown) => {
      clearTimeout(timer);
      reject(new Error(`subscription to ${channelName} refused: ${JSON.stringify(error)}`));
    });
  });
}

export function disconnectAll(clients: Iterable<Pusher>): void {
  for (const client of clients) client.disconnect();
}

/** Soketi's own count of occupied channels by name prefix: subscriptions it holds, not ones this process believes in. */
export async function countOccupiedChannels(server: PusherServer, prefix: string): Promise<number> {
  const response = await server.get({ path: "/channels", params: { filter_by_prefix: prefix } });
  const body = (await response.json()) as { channels?: Record<string, unknown> };
  return Object.keys(body.channels ?? {}).length;
}
