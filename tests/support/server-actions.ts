import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { STANDALONE_DIR } from "@/scripts/lib/standalone";

/**
 * Server actions called over HTTP exactly as the browser calls them: a POST carrying the action's id
 * in `Next-Action`, the arguments encoded by React's own `encodeReply` (FormData included), and the
 * answer decoded by React's own Flight client. Nothing of the action runs in the test process.
 */

type FlightClient = {
  encodeReply(value: unknown): Promise<string | FormData>;
  createFromNodeStream(stream: Readable, manifest: unknown): Promise<unknown>;
};

const require = createRequire(import.meta.url);
// The production build of the client: the development one expects debug data that a production server never sends.
const flight = require("next/dist/compiled/react-server-dom-webpack/cjs/react-server-dom-webpack-client.node.production.js") as FlightClient;

// A revalidated answer carries the re-rendered page, which names client components; the test never
// renders them, so every module reference resolves to an inert stub.
const stubModule = new Proxy({}, { get: () => () => null });
(globalThis as Record<string, unknown>).__webpack_require__ ??= () => stubModule;
(globalThis as Record<string, unknown>).__webpack_chunk_load__ ??= () => Promise.resolve();
const consumerManifest = {
  moduleMap: new Proxy({}, { get: (_, id) => new Proxy({}, { get: (__, name) => ({ id, chunks: [], name }) }) }),
  serverModuleMap: null,
  moduleLoading: null,
};

/** `file#exportName` (file relative to the project, e.g. `app/(app)/actions.ts#editMessageAction`) to action id, from the build. */
export function readActionIds(standaloneDir = STANDALONE_DIR): Map<string, string> {
  const manifest = JSON.parse(readFileSync(resolve(standaloneDir, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, entry]) => [`${entry.filename}#${entry.exportedName}`, id]));
}

export type ActionOutcome = {
  status: number;
  /** What the action returned, when it returned. */
  result?: unknown;
  /** The error the action threw (a production server sends only a digest), if it threw. */
  thrown?: string;
  /** Where it redirected to (`redirect()` in the action), if it did. */
  redirect?: string;
  /** The raw Flight body, for failure messages. */
  raw: string;
};

/**
 * Calls one action as `cookie`'s owner (no cookie: signed out). `path` is the page the browser
 * would be on; the action runs the same from any page.
 */
export async function callAction(baseURL: string, actionId: string, args: unknown[], options: { cookie?: string; path?: string } = {}): Promise<ActionOutcome> {
  const body = await flight.encodeReply(args);
  const headers: Record<string, string> = { "next-action": actionId, accept: "text/x-component", origin: baseURL };
  if (options.cookie) headers.cookie = options.cookie;
  if (typeof body === "string") headers["content-type"] = "text/plain;charset=UTF-8";
  const response = await fetch(new URL(options.path ?? "/", baseURL), { method: "POST", headers, body, redirect: "manual" });
  const raw = await response.text();
  const redirectHeader = response.headers.get("x-action-redirect");
  const outcome: ActionOutcome = { status: response.status, raw };
  if (redirectHeader) outcome.redirect = redirectHeader.split(";")[0];
  if (response.headers.get("content-type")?.startsWith("text/x-component")) {
    const root = (await flight.createFromNodeStream(Readable.from([Buffer.from(raw)]), consumerManifest)) as { a?: unknown };
    try {
      outcome.result = await root.a;
    } catch (error) {
      outcome.thrown = String((error as { digest?: string }).digest ?? error);
    }
  }
  return outcome;
}

/** A FormData from plain fields; an array value appends the field once per item. */
export function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}
