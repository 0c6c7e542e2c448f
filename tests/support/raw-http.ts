import { request } from "node:http";

export type RawResponse = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/**
 * One HTTP request with exactly the bytes and headers given: no client-side validation or encoding
 * in the way (header values may carry any Latin-1 byte, bodies any bytes), as an attacker would send.
 */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<RawResponse> {
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

/**
 * A POST of `totalBytes` zeros, written as fast as the server takes them, that stops writing as soon
 * as an answer arrives: what an attacker sends to make a server hold a huge body. `declaredLength`
 * goes out as Content-Length (it may lie); without it the body is chunked. Resolves with the status
 * and how many bytes were written before the answer.
 */
export function floodRequest(
  url: string,
  options: { headers?: Record<string, string>; totalBytes: number; declaredLength?: number },
): Promise<{ status: number; body: string; bytesWritten: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.declaredLength !== undefined) headers["content-length"] = String(options.declaredLength);
    const chunk = Buffer.alloc(64 * 1024, "0");
    let written = 0;
    let answered = false;
    const req = request(url, { method: "POST", headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), bytesWritten: written });
        req.destroy();
      });
      res.on("error", reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${url}: no answer within 60 s`)));
    // A server that answers and closes mid-body resets the connection under the writer: not a failure.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && written < options.totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, options.totalBytes - written));
        written += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      // A declared length longer than what is written leaves the server waiting for the rest.
      if (!answered && written === (options.declaredLength ?? options.totalBytes)) req.end();
    };
    pump();
  });
}
