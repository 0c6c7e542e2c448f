import Pusher from "pusher-js";
import { afterAll, inject } from "vitest";
import { authenticateRealtimeUser, authorizeSubscription } from "@/lib/dal/realtime";
import type { Actor } from "@/lib/dal/users";
import { TEST_REALTIME } from "./stack";

/**
 * A real pusher-js client in Node against the run's Soketi. Its channel authorization goes through
 * the same DAL function the /api/realtime/auth route calls, as the signed-in `actor`, and it signs in
 * (pusher-js `signin`) through the one /api/realtime/user-auth calls, as the browser's client does.
 */
export function connectAs(actor: Actor, options: { signIn?: boolean } = {}): Pusher {
  const port = inject("soketiPort");
  const client = new Pusher(TEST_REALTIME.key, {
    cluster: "",
    wsHost: "127.0.0.1",
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        authorizeSubscription(actor, { socket_id: socketId, channel_name: channelName }).then(
          (auth) => callback(null, auth),
          (error: Error) => callback(error, null),
        );
      },
    },
    userAuthentication: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId }, callback) => {
        try {
          callback(null, authenticateRealtimeUser(actor, { socket_id: socketId }));
        } catch (error) {
          callback(error as Error, null);
        }
      },
    },
  });
  if (options.signIn ?? true) client.signin();
  return client;
}

/** Resolves when the subscription succeeds, rejects when it is refused. */
export function subscribe(client: Pusher, channelName: string) {
  const channel = client.subscribe(channelName);
  return new Promise<typeof channel>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) => reject(error));
  });
}

/** Collects every payload of one event on a channel. */
export function collect<T>(channel: ReturnType<Pusher["subscribe"]>, event: string): T[] {
  const received: T[] = [];
  channel.bind(event, (payload: T) => received.push(payload));
  return received;
}

export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A list for the clients a file (or a describe block) opens: each is disconnected once its tests are done. */
export function disconnectedAfterAll(): Pusher[] {
  const clients: Pusher[] = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));
  return clients;
}
