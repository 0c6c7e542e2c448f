import { request } from "node:http";

export type RawResponse = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/**
 * One HTTP request with exactly the bytes and headers given: no client-side validation or encoding
 * in the way (header values may carry any Latin-1 byte, bodies any bytes), as an attacker would send.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = typeof options.body === "string" ? Buffer.from(options.body, "utf8") : options.body;
    const headers: Record<string, string> = { ...options.headers };
    if (body) headers["content-length"] = String(body.byteLength);
    const req = request(url, { method: options.method ?? (body ? "POST" : "GET"), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
      res.on("error", reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${url}: no answer within 60 s`)));
    req.on("error", reject);
    req.end(body);
  });
}
