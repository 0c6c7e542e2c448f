"use client";

import type Pusher from "pusher-js";
import { createContext, useContext, useEffect, useState } from "react";
import type { RealtimeClientConfig } from "@/lib/env";
import type { RefusedChannel } from "@/lib/realtime/auth-batcher";

export type ConnectionState = "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

type RealtimeContextValue = {
  client: Pusher | null;
  state: ConnectionState;
  /** Why a channel's last subscription was refused (its HTTP status, a Retry-After), if it was. */
  refusalOf: (channelName: string) => RefusedChannel | undefined;
};

const noRefusal = () => undefined;
const RealtimeContext = createContext<RealtimeContextValue>({ client: null, state: "initialized", refusalOf: noRefusal });

/** Opens one realtime connection per tab for the signed-in app and shares it. */
export function RealtimeProvider({ config, children }: { config: RealtimeClientConfig; children: React.ReactNode }) {
  const [value, setValue] = useState<RealtimeContextValue>({ client: null, state: "initialized", refusalOf: noRefusal });

  // By value: every server render hands over a new config object, and reconnecting on each
  // router.refresh() would drop subscriptions (and, with a refresh on resubscribe, never stop).
  const settings = JSON.stringify(config);
  useEffect(() => {
    let client: Pusher | null = null;
    let refusalOf: RealtimeContextValue["refusalOf"] = noRefusal;
    let closed = false;
    const onStateChange = ({ current }: { current: ConnectionState }) => setValue({ client, state: current, refusalOf });
    // pusher-js is a tenth of the page's JavaScript and renders nothing, so it is fetched after
    // hydration instead of before; the connection was only ever opened here, after hydration, anyway.
    import("@/lib/client/realtime").then(
      ({ createRealtimeClient }) => {
        if (closed) return;
        ({ client, refusalOf } = createRealtimeClient(JSON.parse(settings) as RealtimeClientConfig));
        // Listeners see the client from its first state change on; they subscribe once it exists.
        client.connection.bind("state_change", onStateChange);
      },
      () => !closed && setValue({ client: null, state: "unavailable", refusalOf: noRefusal }),
    );
    return () => {
      closed = true;
      client?.connection.unbind("state_change", onStateChange);
      client?.disconnect();
    };
  }, [settings]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}
