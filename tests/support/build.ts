import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

// Everything that changes what `next build` produces.
const SOURCES = ["app", "components", "lib", "db", "public", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

/** True when `.next` holds a production build newer than every source file. */
export function buildIsCurrent(root = process.cwd()): boolean {
  const marker = resolve(root, ".next/BUILD_ID");
  // The stack runs the standalone server, which `npm run build` completes after `next build`.
  if (!existsSync(marker) || !existsSync(resolve(root, ".next/standalone/server.js"))) return false;
  const built = statSync(marker).mtimeMs;
  return SOURCES.every((source) => newestChange(resolve(root, source)) <= built);
}

/**
 * Runs `npm run build` when the build is missing or stale (or when asked), with its output shown.
 * `label` prefixes the one line it prints (the benchmark and the load test share this).
 */
export async function ensureBuild(force: boolean, label = "bench"): Promise<boolean> {
  if (!force && buildIsCurrent()) return false;
  console.log(force ? `${label}: building the app (--build)` : `${label}: no current production build, running \`npm run build\``);
  await new Promise<void>((done, fail) => {
    const child = spawn("npm", ["run", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.once("error", fail);
    child.once("exit", (code) => (code === 0 ? done() : fail(new Error(`npm run build exited with code ${code}`))));
  });
  return true;
}
