import { describe, expect, it } from "vitest";
import { describeDatabase, describeRealtime } from "./describe";
import { parseEnv } from "./env";

describe("describeDatabase", () => {
  it("keeps a file path and drops what could be a credential", () => {
    expect(describeDatabase("file:data/messenger.db")).toBe("file:data/messenger.db");
    expect(describeDatabase("libsql://user:pw@db-org.turso.io/x?authToken=secret")).toBe("libsql://db-org.turso.io/x");
  });
});

describe("describeRealtime", () => {
  it("names a Soketi by scheme, host and port", () => {
    const { realtime } = parseEnv({ PUSHER_HOST: "soketi.example.com", PUSHER_PORT: "443", PUSHER_USE_TLS: "true" });
    expect(describeRealtime(realtime)).toBe("https://soketi.example.com:443");
    expect(describeRealtime(parseEnv({}).realtime)).toBe("http://127.0.0.1:6001");
  });

  it("names the browser's WebSocket by its own host, port and TLS", () => {
    const { realtimeClient } = parseEnv({
      PUSHER_HOST: "soketi",
      PUSHER_CLIENT_HOST: "ws.example.com",
      PUSHER_CLIENT_PORT: "443",
      PUSHER_CLIENT_USE_TLS: "true",
    });
    expect(describeRealtime(realtimeClient, { browser: true })).toBe("wss://ws.example.com:443");
  });

  it("names Pusher Channels by cluster, and never the secret", () => {
    const { realtime } = parseEnv({ PUSHER_CLUSTER: "eu", PUSHER_SECRET: "do-not-log-me" });
    expect(describeRealtime(realtime)).toBe("Pusher Channels cluster eu");
    expect(describeRealtime(realtime)).not.toContain("do-not-log-me");
  });
});
