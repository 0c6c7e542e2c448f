import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { TARGETS } from "../targets";
import type { ScenarioResult } from "../types";

// Next 16 (Turbopack) writes each route's first-load chunks here: the scripts a browser fetches
// before the page is interactive (framework, runtime, shared and the route's own chunks).
const STATS = ".next/diagnostics/route-bundle-stats.json";
const PAGES = [
  { route: "/sign-in", label: "sign-in page", target: null },
  { route: "/", label: "chat list page", target: null },
  { route: "/c/[conversationId]", label: "chat page", target: TARGETS.chatPageKb },
] as const;

type RouteStats = { route: string; firstLoadUncompressedJsBytes: number; firstLoadChunkPaths: string[] };

/** Scenario 6: first-load JavaScript per page, gzipped here with zlib's default level, as a server would send it. */
export function measurePageWeight(root = process.cwd()): ScenarioResult {
  const path = resolve(root, STATS);
  if (!existsSync(path)) throw new Error(`${STATS} is missing: is .next a Next 16 production build?`);
  const stats = JSON.parse(readFileSync(path, "utf8")) as RouteStats[];
  const gzipped = new Map<string, number>();
  const sizeOf = (chunk: string) => {
    if (!gzipped.has(chunk)) gzipped.set(chunk, gzipSync(readFileSync(resolve(root, chunk))).length);
    return gzipped.get(chunk)!;
  };
  const pages = PAGES.map(({ route, label, target }) => {
    const entry = stats.find((s) => s.route === route);
    if (!entry) throw new Error(`${STATS} lists no route ${route}`);
    const gzipBytes = entry.firstLoadChunkPaths.reduce((sum, chunk) => sum + sizeOf(chunk), 0);
    const chunks = entry.firstLoadChunkPaths.map((chunk) => ({ path: chunk, gzipBytes: sizeOf(chunk) }));
    return { route, label, target, kb: gzipBytes / 1024, rawBytes: entry.firstLoadUncompressedJsBytes, gzipBytes, chunks };
  });
  return {
    rows: pages.map((p) => ({
      scenario: `6. first-load JS, ${p.label} (gzip)`,
      value: `${p.kb.toFixed(1)} kB`,
      target: p.target === null ? undefined : `< ${p.target} kB`,
      met: p.target === null ? undefined : p.kb < p.target,
    })),
    data: { source: STATS, gzipLevel: "zlib default (6)", kilobyte: 1024, pages },
  };
}
