import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { log as defaultLog, setLogContext, type Logger } from "./log";

export const REQUEST_ID_HEADER = "x-request-id";

// What load balancers and tracing proxies send (UUIDs, hex, dotted or colon-separated ids); anything
// else, e.g. a header that would smuggle text into logs, is replaced.
const WELL_FORMED_ID = /^[\w.:-]{8,128}$/;

/** The incoming request id when it is well-formed, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && WELL_FORMED_ID.test(header) ? header : crypto.randomUUID();
}

/** The path alone: query strings carry search text, which is what people wrote. */
export function pathOf(url: string | undefined): string {
  return (url ?? "/").split(/[?#]/, 1)[0] || "/";
}

type RequestStart = { request: IncomingMessage; response: ServerResponse };

let subscribed = false;
const current = new AsyncLocalStorage<{ requestId: string }>();

/**
 * One JSON line per HTTP request the process serves: request id, method, path, status and duration.
 * Node announces every request on the `http.server.request.start` diagnostics channel before the
 * server's own handler sees it, whichever server made it (`next start`, the standalone server,
 * `next dev`), so the request id set here is the one proxy.ts, pages and route handlers read, and
 * the one the response carries back, and every other line logged while serving the request carries
 * it too. The request line is written when the response closes, so a request the client abandoned is
 * logged too. Nothing else of the request (headers, cookies, body) is read.
 */
export function logRequests(log: Logger = defaultLog): void {
  if (subscribed) return;
  subscribed = true;
  setLogContext(() => current.getStore());
  subscribe("http.server.request.start", (message) => {
    const { request, response } = message as RequestStart;
    const started = performance.now();
    // Read now: a malformed path is rewritten before the app sees it (lib/http/incoming-request.ts).
    const path = pathOf(request.url);
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    // Node publishes this just before it calls the server's request handler, in the same
    // synchronous run: what the handler starts from there, however asynchronous, sees this store.
    current.enterWith({ requestId });
    response.once("close", () => {
      log.info("request", {
        requestId,
        method: request.method,
        path,
        status: response.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(response.writableFinished ? {} : { aborted: true }),
      });
    });
  });
}
