import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * The app's public surface read from its source, so that a test table keyed by it fails when an
 * endpoint is added without a case: every exported function of every "use server" file under app/,
 * and every exported HTTP method of every route.ts under app/api/.
 */

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(process.cwd(), join(entry.parentPath, entry.name)));
}

/** `file#exportName` of every server action, e.g. `app/(app)/actions.ts#editMessageAction`. */
export function listServerActions(): string[] {
  return filesUnder("app")
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) => {
      const source = readFileSync(file, "utf8");
      if (!/^\s*["']use server["'];?/.test(source)) return [];
      const declared = [...source.matchAll(/^export\s+async\s+function\s+(\w+)/gm)].map((m) => m[1]!);
      // Actions that differ only in data are made by a factory (app/(app)/contacts/actions.ts).
      const made = [...source.matchAll(/^export\s+const\s+(\w+)\s*=/gm)].map((m) => m[1]!);
      return [...declared, ...made].map((name) => `${file}#${name}`);
    })
    .sort();
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** `file#METHOD` of every route handler, e.g. `app/api/search/route.ts#GET`. */
export function listRouteHandlers(): string[] {
  return filesUnder(join("app", "api"))
    .filter((file) => /(^|\/)route\.tsx?$/.test(file))
    .flatMap((file) => {
      const source = readFileSync(file, "utf8");
      const named = [...source.matchAll(/^export\s+(?:async\s+)?function\s+(\w+)/gm)].map((m) => m[1]!);
      const destructured = [...source.matchAll(/^export\s+const\s+\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(",").map((s) => s.trim()));
      const direct = [...source.matchAll(/^export\s+const\s+(\w+)\s*=/gm)].map((m) => m[1]!);
      return [...named, ...destructured, ...direct].filter((name) => METHODS.includes(name)).map((method) => `${file}#${method}`);
    })
    .sort();
}

/** `app/api/conversations/[id]/messages/route.ts` to `/api/conversations/{id}/messages` with the given params. */
export function routePath(file: string, params: Record<string, string> = {}): string {
  const path = file.replace(/^app/, "").replace(/\/route\.tsx?$/, "");
  return path.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${file}: no value for [${name}]`);
    return value;
  });
}
