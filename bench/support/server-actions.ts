import { readFileSync } from "node:fs";
import { resolve } from "node:path";

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

let names: Map<string, string> | undefined;

/** Every server action of the build, id to `file#exportedName` (file relative to the project). */
export function serverActionNames(): Map<string, string> {
  if (!names) {
    const manifest = JSON.parse(readFileSync(resolve(".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
    names = new Map(Object.entries(manifest.node).map(([id, a]) => [id, `${a.filename}#${a.exportedName}`]));
  }
  return names;
}

/**
 * The id under which a server action is posted: what the browser's generated stub sends in the
 * `Next-Action` header, read from the build's manifest.
 */
export function serverActionId(file: string, exportedName: string): string {
  const wanted = `${file}#${exportedName}`;
  for (const [id, name] of serverActionNames()) if (name === wanted) return id;
  throw new Error(`no server action ${exportedName} in ${file} in the build`);
}

/**
 * The headers of a server action called as the browser's stub calls it, with no arguments (`[]`
 * in the body), e.g. `listConversations`. `origin` is the app's: Next.js refuses a cross-origin action.
 */
export function actionHeaders(actionId: string, origin: string): Record<string, string> {
  return { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin };
}
