import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { dirname, resolve } from "node:path";

/** 12,345: counts are easier to read grouped. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** Milliseconds with as many digits as they deserve. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return formatCount(Math.round(value));
}

/** Columns padded to their widest cell; `numeric` columns are right-aligned. */
export function markdownTable(columns: string[], body: string[][], numeric: (column: number) => boolean = () => false): string {
  const widths = columns.map((title, i) => Math.max(title.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (values: string[]) => `| ${widths.map((w, i) => (numeric(i) ? (values[i] ?? "").padStart(w) : (values[i] ?? "").padEnd(w))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (numeric(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(columns), rule, ...body.map(line)].join("\n");
}

function packageVersion(name: string): string {
  try {
    const json = JSON.parse(readFileSync(resolve("node_modules", name, "package.json"), "utf8")) as { version: string };
    return json.version;
  } catch {
    return "unknown";
  }
}

/** The open-files limit this process (and every server it starts) runs under. */
export function openFilesLimit(): number | null {
  try {
    return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim()) || null;
  } catch {
    return null;
  }
}

export function describeMachine() {
  const cores = cpus();
  return {
    os: `${type()} ${release()}`,
    cpu: cores[0]?.model ?? "unknown",
    cores: cores.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    openFilesLimit: openFilesLimit(),
  };
}

export function describeVersions(sqlite: string | null) {
  return {
    node: process.versions.node,
    next: packageVersion("next"),
    react: packageVersion("react"),
    "next-auth": packageVersion("next-auth"),
    soketi: packageVersion("@soketi/soketi"),
    pusher: packageVersion("pusher"),
    "pusher-js": packageVersion("pusher-js"),
    "@libsql/client": packageVersion("@libsql/client"),
    "drizzle-orm": packageVersion("drizzle-orm"),
    sqlite,
  };
}

export function writeResults(path: string, results: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
