import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STANDALONE_DIR, STANDALONE_ENTRY } from "@/scripts/lib/standalone";
import { argsOf, readDockerfile } from "@/tests/support/dockerfile";

// No Docker engine runs here: these read the Dockerfile against the facts it depends on.
// tests/e2e/standalone.spec.ts checks its COPY sources against a real build.
const stages = readDockerfile();
const runtime = stages.at(-1)!;
const env = Object.fromEntries(argsOf(runtime, "ENV").flatMap((args) => args.split(" ").map((pair) => pair.split("=") as [string, string])));

describe("Dockerfile", () => {
  it("builds in separate stages with `npm ci` and the project's own build script", () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stages.flatMap((stage) => argsOf(stage, "RUN"))).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), "npm run build"]));
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toContain("scripts/complete-standalone.ts");
  });

  it("ships only the standalone tree and starts it the way the end-to-end tests do", () => {
    const copies = argsOf(runtime, "COPY");
    expect(copies).toEqual([`--from=build /app/${STANDALONE_DIR} ./`]);
    expect(argsOf(runtime, "WORKDIR")).toEqual(["/app"]);
    expect(argsOf(runtime, "CMD").map((args) => JSON.parse(args) as unknown)).toEqual([["node", STANDALONE_ENTRY]]);
  });

  it("runs as a user other than root, who owns the database directory", () => {
    const [user] = argsOf(runtime, "USER");
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const databaseDir = env.DATABASE_URL!.replace(/^file:/, "").replace(/\/[^/]+$/, "");
    expect(databaseDir).toMatch(/^\//);
    expect(argsOf(runtime, "RUN").join(" ")).toMatch(new RegExp(`chown ${user}:\\S+ ${databaseDir}\\b`));
  });

  it("is configured for production, listens on all interfaces, and checks /api/health", () => {
    expect(env).toMatchObject({ NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", HOSTNAME: "0.0.0.0" });
    expect(argsOf(runtime, "EXPOSE")).toEqual([env.PORT]);
    const [healthcheck] = argsOf(runtime, "HEALTHCHECK");
    expect(healthcheck).toMatch(/CMD \[.*\/api\/health/);
    expect(healthcheck).toContain("process.env.PORT");
  });
});
