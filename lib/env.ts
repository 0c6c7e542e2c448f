import { BlockList, isIP } from "node:net";
import { z } from "zod";

/**
 * Every setting the app reads, validated once. With no environment at all the app runs on its
 * embedded defaults (a SQLite file under data/ and the local Soketi that `npm run dev` starts);
 * a production server refuses to start without its own secrets.
 */
const DEV_AUTH_SECRET = "development-only-secret-do-not-use-in-production";
export const DEFAULT_DATABASE_URL = "file:data/messenger.db";
export const DEFAULT_REALTIME = {
  appId: "messenger",
  key: "messenger-key",
  secret: "messenger-secret",
  host: "127.0.0.1",
  port: 6001,
} as const;

/**
 * Secrets anyone can read in this repository: the development defaults, which .env.example shipped
 * until it left secrets empty. With a published PUSHER_SECRET anyone can sign their own subscription
 * to any private channel and publish events; with a published AUTH_SECRET, mint anyone's session.
 */
const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([DEV_AUTH_SECRET, DEFAULT_REALTIME.secret]);
/** What `openssl rand -base64 32` gives is 44 characters; fewer than 32 is a password, not a key. */
export const MIN_SECRET_LENGTH = 32;

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters").optional(),
  PUSHER_APP_ID: z.string().min(1).optional(),
  PUSHER_KEY: z.string().min(1).optional(),
  PUSHER_SECRET: z.string().min(1).optional(),
  PUSHER_HOST: z.string().min(1).optional(),
  PUSHER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PUSHER_USE_TLS: flag.optional(),
  PUSHER_CLUSTER: z.string().min(1).optional(),
  // Events per triggerBatch call: Pusher Channels and a Soketi with default limits take 10; the
  // Soketi this project starts takes 100 (SOKETI_EVENT_MAX_BATCH_SIZE in scripts/lib/soketi.ts).
  PUSHER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  // What the browser connects to, when it differs from what the server triggers on.
  PUSHER_CLIENT_HOST: z.string().min(1).optional(),
  PUSHER_CLIENT_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PUSHER_CLIENT_USE_TLS: flag.optional(),
  // Every server mode but Vercel applies migrations as it starts; Vercel's build applies them instead.
  MIGRATE_ON_START: flag.optional(),
  // Scales every rate limit (lib/rate-limits.ts): 2 doubles them, 0.5 halves them. The test suites
  // run at 1000 so that hundreds of sign-ups from one address are not throttled.
  RATE_LIMIT_MULTIPLIER: z.coerce
    .number({ error: "RATE_LIMIT_MULTIPLIER must be a number" })
    .positive("RATE_LIMIT_MULTIPLIER must be more than 0")
    .finite()
    .default(1),
  // Who may say where a request came from (lib/http/client-ip.ts): a number of proxies in front of
  // the app, or the proxies' addresses and networks; unset or "false", no one.
  TRUST_PROXY: z
    .string()
    .trim()
    .refine((v) => v === "false" || /^[0-9]$/.test(v) || v.split(",").every((entry) => isAddressOrNetwork(entry.trim())), {
      message: 'TRUST_PROXY must be "false", a number of proxies (1 to 9), or their comma-separated addresses or networks (10.0.0.0/8)',
    })
    .optional(),
  // Web Push (lib/push/): on by default in development and tests, off in production unless asked for,
  // and then only with the deployment's own VAPID keys (`npx web-push generate-vapid-keys`).
  WEB_PUSH: flag.optional(),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, "VAPID_PUBLIC_KEY must be a P-256 public key, base64url (87 characters)")
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, "VAPID_PRIVATE_KEY must be a P-256 private key, base64url (43 characters)")
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:.+@.+|https:\/\/.+)$/, "VAPID_SUBJECT must be a mailto: address or an https: URL the push services can reach you at")
    .optional(),
  // Files in messages (lib/storage/files.ts): on local disk under FILES_DIR unless S3_BUCKET names an
  // S3-compatible bucket (AWS S3, Cloudflare R2, MinIO), which the browser then uploads to directly.
  FILES_DIR: z.string().min(1).default("data/files"),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: z.url({ error: "S3_ENDPOINT must be a URL (https://…)" }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // MinIO and most self-hosted servers want path-style URLs (endpoint/bucket/key).
  S3_FORCE_PATH_STYLE: flag.optional(),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(25 * 1024 * 1024),
  ATTACHMENTS_PER_MESSAGE: z.coerce.number().int().min(1).max(50).default(10),
  // What one person's files may take up in all, before they delete some.
  ATTACHMENT_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 * 1024 * 1024),
  // Set by Vercel itself, at build and at run time.
  VERCEL: z.string().optional(),
});

function isAddressOrNetwork(value: string): boolean {
  const [address, bits, ...rest] = value.split("/");
  const version = isIP(address ?? "");
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * Whose word about the client's address counts: nobody's (the TCP peer is the client), the proxies
 * a number of hops deep (each appends the address it saw to X-Forwarded-For), or the proxies at
 * these addresses.
 */
export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "addresses"; list: BlockList };

function parseTrustProxy(value: string | undefined, vercel: boolean): TrustProxy {
  // Vercel's edge replaces X-Forwarded-For with the one address it saw: one trusted hop.
  if (value === undefined) return vercel ? { kind: "hops", hops: 1 } : { kind: "none" };
  if (value === "false" || value === "0") return { kind: "none" };
  if (/^[0-9]$/.test(value)) return { kind: "hops", hops: Number(value) };
  const list = new BlockList();
  for (const entry of value.split(",").map((e) => e.trim())) {
    const [address, bits] = entry.split("/") as [string, string | undefined];
    const type = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return { kind: "addresses", list };
}

export type Env = {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string;
  databaseAuthToken?: string;
  migrateOnStart: boolean;
  authSecret: string;
  rateLimitMultiplier: number;
  trustProxy: TrustProxy;
  realtime: {
    appId: string;
    key: string;
    secret: string;
    host?: string;
    port?: number;
    useTLS: boolean;
    cluster?: string;
    /** Events per triggerBatch call the realtime server accepts. */
    batchSize: number;
  };
  realtimeClient: RealtimeClientConfig;
  /** Web Push; without keys of its own (development, tests) lib/push/vapid.ts derives some from AUTH_SECRET. */
  push: { enabled: boolean; publicKey?: string; privateKey?: string; subject: string };
  files: FilesConfig;
};

export type FilesConfig = {
  storage:
    | { driver: "local"; dir: string }
    | {
        driver: "s3";
        bucket: string;
        region: string;
        endpoint?: string;
        accessKeyId?: string;
        secretAccessKey?: string;
        forcePathStyle: boolean;
      };
  limits: FileLimits;
};

/** What the browser checks before an upload starts; the server checks the same again. */
export type FileLimits = { maxBytes: number; perMessage: number; quotaBytes: number };

/** What the browser needs to open its realtime connection; contains no secret. */
export type RealtimeClientConfig = {
  key: string;
  host?: string;
  port?: number;
  useTLS: boolean;
  cluster?: string;
};

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const building = source.NEXT_PHASE === "phase-production-build";
  const strict = e.NODE_ENV === "production" && !building;
  if (e.VERCEL && !building && e.DATABASE_URL.startsWith("file:")) {
    // Vercel's functions have no writable, lasting disk: a SQLite file there would be lost or refused.
    throw new EnvError("On Vercel, DATABASE_URL must be a Turso/libSQL URL (libsql://…), not a file. See README.md.");
  }
  if (e.VERCEL && !building && !e.S3_BUCKET) {
    // Vercel's disk is not kept, and its functions refuse bodies over 4.5 MB: files go to a bucket.
    throw new EnvError(
      "On Vercel, files need an S3-compatible bucket: set S3_BUCKET (and S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY). See README.md.",
    );
  }
  if (strict) {
    const missing = (["AUTH_SECRET", "PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] as const).filter((name) => !e[name]);
    if (!e.PUSHER_HOST && !e.PUSHER_CLUSTER) missing.push("PUSHER_HOST" as never);
    if (missing.length > 0) {
      throw new EnvError(`Missing required environment variable${missing.length > 1 ? "s" : ""} for production: ${missing.join(", ")}. ` + "See .env.example.");
    }
    const weak = weakSecrets(e);
    if (weak.length > 0) throw new EnvError(`Refusing to start in production: ${weak.join("; ")}.`);
    if (e.WEB_PUSH) {
      const pushMissing = (["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"] as const).filter((name) => !e[name]);
      if (pushMissing.length > 0) {
        throw new EnvError(
          `WEB_PUSH is on: missing required environment variable${pushMissing.length > 1 ? "s" : ""} for production: ${pushMissing.join(", ")} ` +
            "(generate keys: npx web-push generate-vapid-keys). See .env.example.",
        );
      }
    }
  }
  const hosted = Boolean(e.PUSHER_CLUSTER) && !e.PUSHER_HOST;
  const realtime = {
    appId: e.PUSHER_APP_ID ?? DEFAULT_REALTIME.appId,
    key: e.PUSHER_KEY ?? DEFAULT_REALTIME.key,
    secret: e.PUSHER_SECRET ?? DEFAULT_REALTIME.secret,
    host: hosted ? undefined : (e.PUSHER_HOST ?? DEFAULT_REALTIME.host),
    port: hosted ? undefined : (e.PUSHER_PORT ?? DEFAULT_REALTIME.port),
    useTLS: e.PUSHER_USE_TLS ?? hosted,
    cluster: e.PUSHER_CLUSTER,
    batchSize: e.PUSHER_BATCH_SIZE,
  };
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    migrateOnStart: e.MIGRATE_ON_START ?? !e.VERCEL,
    authSecret: e.AUTH_SECRET ?? DEV_AUTH_SECRET,
    rateLimitMultiplier: e.RATE_LIMIT_MULTIPLIER,
    trustProxy: parseTrustProxy(e.TRUST_PROXY, Boolean(e.VERCEL)),
    realtime,
    push: {
      enabled: e.WEB_PUSH ?? e.NODE_ENV !== "production",
      publicKey: e.VAPID_PUBLIC_KEY,
      privateKey: e.VAPID_PRIVATE_KEY,
      subject: e.VAPID_SUBJECT ?? "mailto:push@messenger.invalid",
    },
    realtimeClient: {
      key: realtime.key,
      host: e.PUSHER_CLIENT_HOST ?? realtime.host,
      port: e.PUSHER_CLIENT_PORT ?? realtime.port,
      useTLS: e.PUSHER_CLIENT_USE_TLS ?? realtime.useTLS,
      cluster: realtime.cluster,
    },
    files: {
      storage: e.S3_BUCKET
        ? {
            driver: "s3",
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            endpoint: e.S3_ENDPOINT,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE ?? Boolean(e.S3_ENDPOINT),
          }
        : { driver: "local", dir: e.FILES_DIR },
      limits: { maxBytes: e.ATTACHMENT_MAX_BYTES, perMessage: e.ATTACHMENTS_PER_MESSAGE, quotaBytes: e.ATTACHMENT_QUOTA_BYTES },
    },
  };
}

/**
 * What is wrong with each production secret, by variable. Pusher Channels makes its own secrets
 * (20 random hex characters) and cannot be given a longer one, so with PUSHER_CLUSTER and no host
 * only a published value is refused.
 */
function weakSecrets(e: { AUTH_SECRET?: string; PUSHER_SECRET?: string; PUSHER_HOST?: string }): string[] {
  const problems: string[] = [];
  const secrets = [
    { name: "AUTH_SECRET", value: e.AUTH_SECRET!, lengthMatters: true },
    { name: "PUSHER_SECRET", value: e.PUSHER_SECRET!, lengthMatters: Boolean(e.PUSHER_HOST) },
  ];
  for (const { name, value, lengthMatters } of secrets) {
    if (PUBLISHED_SECRETS.has(value)) {
      problems.push(`${name} is a published development value (generate one: openssl rand -base64 32)`);
    } else if (lengthMatters && value.length < MIN_SECRET_LENGTH) {
      problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters (generate one: openssl rand -base64 32)`);
    }
  }
  return problems;
}

let cached: Env | undefined;

/** Read lazily so that `next build` never needs the runtime secrets. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
