import { describe, expect, it } from "vitest";
import { DEFAULT_REALTIME, parseEnv } from "./env";

describe("parseEnv", () => {
  it("runs on embedded defaults with no environment at all", () => {
    const env = parseEnv({});
    expect(env.databaseUrl).toBe("file:data/messenger.db");
    expect(env.realtime).toMatchObject({ ...DEFAULT_REALTIME, useTLS: false });
    expect(env.realtimeClient).toEqual({ key: DEFAULT_REALTIME.key, host: "127.0.0.1", port: 6001, useTLS: false });
    expect(env.authSecret.length).toBeGreaterThanOrEqual(16);
  });

  it("stops a production start without secrets, naming each missing variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET, PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET, PUSHER_HOST/);
    expect(() => parseEnv({ NODE_ENV: "production", PUSHER_APP_ID: "1", PUSHER_KEY: "k", PUSHER_SECRET: "s", PUSHER_HOST: "h" })).toThrow(/AUTH_SECRET/);
  });

  const production = {
    NODE_ENV: "production",
    AUTH_SECRET: "a".repeat(32),
    PUSHER_APP_ID: "1",
    PUSHER_KEY: "k",
    PUSHER_SECRET: "b".repeat(32),
    PUSHER_HOST: "soketi",
  };

  it("stops a production start on a published development secret, naming the variable", () => {
    expect(() => parseEnv(production)).not.toThrow();
    expect(() => parseEnv({ ...production, PUSHER_SECRET: DEFAULT_REALTIME.secret })).toThrow(/PUSHER_SECRET is a published development value/);
    expect(() => parseEnv({ ...production, AUTH_SECRET: parseEnv({}).authSecret })).toThrow(/AUTH_SECRET is a published development value/);
    // Hosted Pusher Channels too: its own secrets are short, but never this one.
    expect(() => parseEnv({ ...production, PUSHER_HOST: "", PUSHER_CLUSTER: "eu", PUSHER_SECRET: DEFAULT_REALTIME.secret })).toThrow(/PUSHER_SECRET/);
  });

  it("stops a production start on a secret shorter than 32 characters, except Pusher Channels' own", () => {
    expect(() => parseEnv({ ...production, AUTH_SECRET: "a".repeat(31) })).toThrow(/AUTH_SECRET must be at least 32 characters/);
    expect(() => parseEnv({ ...production, PUSHER_SECRET: "self-hosted-secret" })).toThrow(/PUSHER_SECRET must be at least 32 characters/);
    expect(() => parseEnv({ ...production, AUTH_SECRET: "short-auth-secret-1", PUSHER_SECRET: "s" })).toThrow(/AUTH_SECRET .*; PUSHER_SECRET /);
    // Pusher Channels issues 20 hex characters and cannot be given more.
    expect(() => parseEnv({ ...production, PUSHER_HOST: "", PUSHER_CLUSTER: "eu", PUSHER_SECRET: "7ad3773142a6692b25b8" })).not.toThrow();
    // Development keeps its embedded defaults.
    expect(() => parseEnv({ PUSHER_SECRET: "short" })).not.toThrow();
  });

  it("turns Web Push on in development, off in production unless asked, and then only with the deployment's own VAPID keys", () => {
    expect(parseEnv({}).push).toMatchObject({ enabled: true, publicKey: undefined, privateKey: undefined });
    expect(parseEnv(production).push.enabled).toBe(false);
    expect(() => parseEnv({ ...production, WEB_PUSH: "true" })).toThrow(/WEB_PUSH is on: .*VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT/);
    const keys = {
      VAPID_PUBLIC_KEY: "B" + "A".repeat(86),
      VAPID_PRIVATE_KEY: "c".repeat(43),
      VAPID_SUBJECT: "mailto:ops@example.com",
    };
    expect(() => parseEnv({ ...production, WEB_PUSH: "true", ...keys, VAPID_SUBJECT: "" })).toThrow(/VAPID_SUBJECT/);
    expect(parseEnv({ ...production, WEB_PUSH: "true", ...keys }).push).toEqual({
      enabled: true,
      publicKey: keys.VAPID_PUBLIC_KEY,
      privateKey: keys.VAPID_PRIVATE_KEY,
      subject: keys.VAPID_SUBJECT,
    });
    expect(() => parseEnv({ VAPID_PRIVATE_KEY: "not a key" })).toThrow(/VAPID_PRIVATE_KEY must be a P-256 private key/);
    expect(() => parseEnv({ VAPID_SUBJECT: "push@example.com" })).toThrow(/VAPID_SUBJECT must be a mailto:/);
    // `next build` needs none of them.
    expect(() => parseEnv({ ...production, WEB_PUSH: "true", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("lets `next build` run without runtime secrets", () => {
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("uses Pusher Channels by cluster when no host is given", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(32),
      PUSHER_APP_ID: "1",
      PUSHER_KEY: "k",
      PUSHER_SECRET: "s",
      PUSHER_CLUSTER: "eu",
    });
    expect(env.realtime).toMatchObject({ cluster: "eu", host: undefined, useTLS: true });
    expect(env.realtimeClient).toMatchObject({ key: "k", cluster: "eu", useTLS: true });
  });

  it("lets the browser connect somewhere other than the server does", () => {
    const env = parseEnv({ PUSHER_HOST: "soketi", PUSHER_CLIENT_HOST: "ws.example.com", PUSHER_CLIENT_PORT: "443", PUSHER_CLIENT_USE_TLS: "true" });
    expect(env.realtime.host).toBe("soketi");
    expect(env.realtimeClient).toMatchObject({ host: "ws.example.com", port: 443, useTLS: true });
  });

  it("refuses malformed values with the variable's name", () => {
    expect(() => parseEnv({ PUSHER_PORT: "http" })).toThrow(/PUSHER_PORT/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });

  it("applies migrations at start everywhere but on Vercel, whose build applies them", () => {
    expect(parseEnv({}).migrateOnStart).toBe(true);
    expect(parseEnv({ VERCEL: "1", DATABASE_URL: "libsql://db.turso.io", S3_BUCKET: "files" }).migrateOnStart).toBe(false);
    expect(parseEnv({ MIGRATE_ON_START: "false" }).migrateOnStart).toBe(false);
  });

  it("refuses a SQLite file on Vercel, where nothing may be written to disk at run time", () => {
    expect(() => parseEnv({ VERCEL: "1" })).toThrow(/DATABASE_URL must be a Turso\/libSQL URL/);
    expect(() => parseEnv({ VERCEL: "1", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("keeps files on local disk by default and in a bucket once S3_BUCKET names one; on Vercel, only in a bucket", () => {
    expect(parseEnv({}).files).toEqual({
      storage: { driver: "local", dir: "data/files" },
      limits: { maxBytes: 25 * 1024 * 1024, perMessage: 10, quotaBytes: 1024 ** 3 },
    });
    expect(parseEnv({ S3_BUCKET: "b", S3_ENDPOINT: "https://r2.example.com", ATTACHMENT_MAX_BYTES: "1000" }).files).toEqual({
      storage: { driver: "s3", bucket: "b", region: "us-east-1", endpoint: "https://r2.example.com", forcePathStyle: true },
      limits: { maxBytes: 1000, perMessage: 10, quotaBytes: 1024 ** 3 },
    });
    expect(() => parseEnv({ VERCEL: "1", DATABASE_URL: "libsql://db.turso.io" })).toThrow(/files need an S3-compatible bucket/);
    expect(() => parseEnv({ S3_ENDPOINT: "not a url" })).toThrow(/S3_ENDPOINT must be a URL/);
    expect(() => parseEnv({ ATTACHMENTS_PER_MESSAGE: "0" })).toThrow(/ATTACHMENTS_PER_MESSAGE/);
  });

  it("trusts no proxy's X-Forwarded-For unless TRUST_PROXY says so, and Vercel's by default", () => {
    expect(parseEnv({}).trustProxy).toEqual({ kind: "none" });
    expect(parseEnv({ TRUST_PROXY: "false" }).trustProxy).toEqual({ kind: "none" });
    expect(parseEnv({ TRUST_PROXY: "2" }).trustProxy).toEqual({ kind: "hops", hops: 2 });
    expect(parseEnv({ VERCEL: "1", DATABASE_URL: "libsql://db.turso.io", S3_BUCKET: "files" }).trustProxy).toEqual({ kind: "hops", hops: 1 });
    const byAddress = parseEnv({ TRUST_PROXY: "10.0.0.0/8, 192.0.2.1,2001:db8::/32" }).trustProxy;
    expect(byAddress.kind).toBe("addresses");
    if (byAddress.kind !== "addresses") return;
    expect(byAddress.list.check("10.1.2.3")).toBe(true);
    expect(byAddress.list.check("192.0.2.1")).toBe(true);
    expect(byAddress.list.check("2001:db8::5", "ipv6")).toBe(true);
    expect(byAddress.list.check("203.0.113.7")).toBe(false);
    for (const bad of ["true", "yes", "10.0.0.0/33", "proxy.local", "10", "1.2.3.4,"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  it("scales rate limits by a positive multiplier, 1 unless told", () => {
    expect(parseEnv({}).rateLimitMultiplier).toBe(1);
    expect(parseEnv({ RATE_LIMIT_MULTIPLIER: "0.5" }).rateLimitMultiplier).toBe(0.5);
    expect(parseEnv({ RATE_LIMIT_MULTIPLIER: "1000" }).rateLimitMultiplier).toBe(1000);
    for (const bad of ["0", "-1", "lots", "Infinity"]) {
      expect(() => parseEnv({ RATE_LIMIT_MULTIPLIER: bad })).toThrow(/RATE_LIMIT_MULTIPLIER/);
    }
  });
});
