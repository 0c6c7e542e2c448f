import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_REALTIME, parseEnv } from "@/lib/env";
import { soketiAppEnvironment, soketiEnvironment, soketiRedisEnvironment, WEBHOOK_PATH } from "@/scripts/lib/soketi";
import { argsOf, readDockerfile } from "@/tests/support/dockerfile";

// No Docker engine runs here, so this reads compose.yaml as Compose would (with the variables a
// .env could hold) and holds each container to what the app and the embedded Soketi expect.

type Service = {
  image?: string;
  build?: string;
  profiles?: string[];
  environment?: Record<string, unknown>;
  ports?: string[];
  extra_hosts?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown>;
};

const raw = parse(readFileSync("compose.yaml", "utf8")) as { services: Record<string, Service> };

/** Compose's `${NAME:-default}` interpolation; any other form fails the test rather than pass unread. */
function interpolate<T>(value: T, variables: Record<string, string>): T {
  if (typeof value === "string") {
    const result = value.replace(/\$\{([A-Z_][A-Z0-9_]*):-([^}]*)\}/g, (_, name: string, fallback: string) => (variables[name] ? variables[name] : fallback));
    if (result.includes("$")) throw new Error(`compose.yaml: unsupported interpolation in ${value}`);
    return result as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => interpolate(item, variables)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, variables)])) as T;
  }
  return value;
}

function service(name: string, variables: Record<string, string> = {}): Service & { env: Record<string, string> } {
  const found = raw.services[name];
  if (!found) throw new Error(`compose.yaml has no service "${name}"`);
  const resolved = interpolate(found, variables);
  const env = resolved.environment ?? {};
  for (const [key, value] of Object.entries(env)) {
    // Compose wants strings: an unquoted true or 6001 would be YAML's boolean or number.
    expect(typeof value, `${name}.environment.${key}`).toBe("string");
  }
  return { ...resolved, env: env as Record<string, string> };
}

/** A Soketi environment with its webhook JSON parsed, so that spacing is not a difference. */
function comparable(env: Record<string, string>) {
  const { SOKETI_DEFAULT_APP_WEBHOOKS: webhooks, ...rest } = env;
  return { ...rest, ...(webhooks ? { SOKETI_DEFAULT_APP_WEBHOOKS: JSON.parse(webhooks) as unknown } : {}) };
}

const appSettingKeys = Object.keys(soketiAppEnvironment({ ...DEFAULT_REALTIME, webhookUrl: "http://x" }));
const pick = (env: Record<string, string>) => Object.fromEntries(appSettingKeys.map((key) => [key, env[key]!]));

describe("compose.yaml: the soketi service beside `npm run dev:app`", () => {
  it("runs the Soketi release that `npm run dev` embeds", () => {
    const installed = (JSON.parse(readFileSync("node_modules/@soketi/soketi/package.json", "utf8")) as { version: string }).version;
    for (const name of ["soketi", "realtime"]) {
      expect(service(name).image).toBe(`quay.io/soketi/soketi:${installed}-16-debian`);
    }
  });

  it("has the embedded defaults: credentials, client events, webhooks to the app on the host, and port", () => {
    const soketi = service("soketi");
    const app = parseEnv({});
    // next dev's port when PORT is unset, as in scripts/dev.ts.
    const webhookUrl = `http://host.docker.internal:3000${WEBHOOK_PATH}`;
    expect(comparable(pick(soketi.env))).toEqual(comparable(soketiAppEnvironment({ ...DEFAULT_REALTIME, webhookUrl })));
    const embedded = soketiEnvironment({ ...DEFAULT_REALTIME, port: app.realtime.port! }, 0);
    expect(soketi.ports).toEqual([`${embedded.SOKETI_HOST}:${app.realtime.port}:${soketi.env.SOKETI_PORT}`]);
    expect(soketi.env.SOKETI_METRICS_ENABLED).toBe(embedded.SOKETI_METRICS_ENABLED);
    expect(soketi.extra_hosts).toContain("host.docker.internal:host-gateway");
  });

  it("follows the app's own variables from .env", () => {
    const variables = { PUSHER_APP_ID: "id-1", PUSHER_KEY: "key-1", PUSHER_SECRET: "secret-1", PUSHER_PORT: "7001", PORT: "4000" };
    const soketi = service("soketi", variables);
    const app = parseEnv(variables);
    expect(comparable(pick(soketi.env))).toEqual(
      comparable(soketiAppEnvironment({ ...app.realtime, webhookUrl: `http://host.docker.internal:4000${WEBHOOK_PATH}` })),
    );
    expect(soketi.ports).toEqual([`127.0.0.1:${app.realtime.port}:${soketi.env.SOKETI_PORT}`]);
  });
});

describe("compose.yaml: the self-host profile", () => {
  const secrets = { AUTH_SECRET: "a".repeat(32), PUSHER_SECRET: "self-hosted-secret-0123456789abcdef" };
  const runtime = readDockerfile().at(-1)!;
  const imageEnv = Object.fromEntries(argsOf(runtime, "ENV").flatMap((args) => args.split(" ").map((pair) => pair.split("=") as [string, string])));

  it("keeps the dev Soketi out of it, since both publish port 6001", () => {
    expect(service("soketi").profiles).toEqual(["dev"]);
    for (const name of ["app", "realtime", "redis"]) expect(service(name).profiles).toEqual(["self-host"]);
  });

  it("wires the app to its Soketi, and Soketi's webhooks and Redis adapter to their services", () => {
    const app = service("app", secrets);
    const realtime = service("realtime", secrets);
    const config = parseEnv({ ...app.env, NODE_ENV: "production" });

    expect(app.build).toBe(".");
    expect(config.realtime).toMatchObject({ host: "realtime", port: Number(realtime.env.SOKETI_PORT), useTLS: false });
    const webhookUrl = `http://app:${imageEnv.PORT}${WEBHOOK_PATH}`;
    expect(comparable(pick(realtime.env))).toEqual(comparable(soketiAppEnvironment({ ...config.realtime, webhookUrl })));
    // The same cluster settings as the scale-out test's Soketi nodes, on the redis service's default port.
    expect(realtime.env).toMatchObject(soketiRedisEnvironment({ host: "redis", port: 6379 }));
    expect(raw.services[realtime.env.SOKETI_DB_REDIS_HOST!]).toBeDefined();
    expect(Object.keys(app.depends_on ?? {})).toEqual(["realtime"]);
  });

  it("publishes what browsers connect to, and keeps the database on a volume", () => {
    const app = service("app", secrets);
    const realtime = service("realtime", secrets);
    const config = parseEnv({ ...app.env, NODE_ENV: "production" });

    expect(realtime.ports).toEqual([`${config.realtimeClient.port}:${realtime.env.SOKETI_PORT}`]);
    expect(config.realtimeClient).toMatchObject({ host: "localhost", useTLS: false });
    expect(app.ports).toEqual([`3000:${imageEnv.PORT}`]);
    expect(app.env.DATABASE_URL).toBe(imageEnv.DATABASE_URL);
    const databaseDir = imageEnv.DATABASE_URL!.replace(/^file:/, "").replace(/\/[^/]+$/, "");
    expect(app.volumes).toEqual([`messenger-data:${databaseDir}`]);
  });

  it("does not start on the development secrets: AUTH_SECRET and PUSHER_SECRET must be set", () => {
    const app = service("app");
    expect(() => parseEnv({ ...app.env, NODE_ENV: "production" })).toThrow(/AUTH_SECRET, PUSHER_SECRET/);
  });
});
