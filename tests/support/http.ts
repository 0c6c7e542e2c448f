import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";

// Kept-alive connections, as a browser keeps them: a fresh TCP handshake per message would be
// measured as the app's cost.
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

export type HttpResponse = { status: number; headers: IncomingHttpHeaders; body: string };

export type RequestOptions = {
  method?: "GET" | "POST";
  cookie?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  text?: string;
  /** How long to wait for the answer; ANSWER_TIMEOUT_MS unless said. */
  timeoutMs?: number;
};

const STALE_RETRIES = 20;
export const ANSWER_TIMEOUT_MS = 30_000;

/** One HTTP request against the app; resolves with the status and the whole body. */
export async function request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(url, options);
    } catch (error) {
      // The server had closed an idle kept-alive connection that this process had not noticed yet
      // (long synchronous seeding keeps it from reading the close): the request never reached the
      // server, so sending it again is safe, and a repeated message POST is idempotent anyway.
      // Each failure discards one stale connection; after a long pause there can be several.
      if (!(error instanceof StaleSocketError) || attempt >= STALE_RETRIES) throw error;
    }
  }
}

class StaleSocketError extends Error {}

/** The server took the request but did not answer in time: a slow server, not a refusal. */
export class NoAnswerError extends Error {}

function send(url: string, options: RequestOptions): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  let payload: string | undefined;
  if (options.json !== undefined) {
    payload = JSON.stringify(options.json);
    headers["content-type"] = "application/json";
  } else if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (options.text !== undefined) {
    payload = options.text;
  }
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? (payload === undefined ? "GET" : "POST"), headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    const timeoutMs = options.timeoutMs ?? ANSWER_TIMEOUT_MS;
    req.setTimeout(timeoutMs, () => req.destroy(new NoAnswerError(`${url}: no answer within ${timeoutMs / 1000} s`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && (error.code === "ECONNRESET" || error.message === "socket hang up");
      reject(stale ? new StaleSocketError(error.message) : error);
    });
    req.end(payload);
  });
}

/** Like `request`, but anything other than the expected status is an error. */
export async function expectStatus(url: string, options: RequestOptions, ...statuses: number[]): Promise<HttpResponse> {
  const response = await request(url, options);
  if (!statuses.includes(response.status)) {
    throw new Error(`${options.method ?? "GET"} ${url}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  }
  return response;
}

export function closeConnections(): void {
  agent.destroy();
}
