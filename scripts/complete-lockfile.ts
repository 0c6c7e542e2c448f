// `npm run lockfile`: run after changing dependencies.
//
// The registry mirror on this project's machines serves Linux builds of native packages but not
// every other platform's (darwin, win32, android, …). `npm install` then leaves those optional
// platform packages out of package-lock.json, and `npm ci` refuses a lock file that does not list
// every optional dependency. This adds the missing entries, marked optional and limited to their
// platform by os/cpu, exactly as npm itself records them, so `npm ci` skips them on Linux and
// installs them where they belong.
import { readFileSync, writeFileSync } from "node:fs";

type Entry = {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
};

const OSES = ["darwin", "win32", "android", "freebsd", "openharmony", "netbsd", "openbsd", "sunos", "aix", "linux"];
const CPUS = ["arm64", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "arm"];

function platformOf(name: string): { os?: string[]; cpu?: string[] } {
  const os = OSES.find((o) => new RegExp(`[-/]${o}(-|$)`).test(name));
  const cpu = CPUS.find((c) => new RegExp(`-${c}(-|$|eabi)`).test(name));
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, Entry> };
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const platform = platformOf(name);
    if (!platform.os && !platform.cpu) continue;
    lock.packages[`node_modules/${name}`] = {
      version: spec.replace(/^[\^~=]/, ""),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root!, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform-specific optional entries added`);
