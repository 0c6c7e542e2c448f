import { AppError, type ErrorCode } from "@/lib/errors";

/**
 * The bytes of a request body, at most `maxBytes` of them. A body that declares a longer length is
 * refused before a byte is read; one that declares none (chunked) or lies is refused as soon as the
 * bytes read pass the budget. Either way the server never holds more than the budget, whoever sends.
 */
export async function readBody(request: Request, maxBytes: number, tooLarge: ErrorCode = "payload_too_large:body"): Promise<Uint8Array> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw new AppError(tooLarge);
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError(tooLarge);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Bytes as UTF-8 text, or a 400: a body that is not UTF-8 is not what any client of ours sends. */
export function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request:input", { message: "The body is not valid UTF-8." });
  }
}

/** Parsed JSON text, or a 400. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:input", { message: "The body is not valid JSON." });
  }
}

const hasType = (request: Request, type: string) => request.headers.get("content-type")?.toLowerCase().startsWith(type) ?? false;

/**
 * A small JSON body. JSON only: a cross-site form cannot send it, which closes the CSRF door for
 * these cookie-authenticated routes.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (!hasType(request, "application/json")) {
    throw new AppError("bad_request:input", { message: "Send JSON (Content-Type: application/json)." });
  }
  return parseJson(utf8(await readBody(request, maxBytes)));
}

/**
 * A small URL-encoded form (what pusher-js's channel authorization posts), as its fields; a field
 * given twice keeps its last value. Multipart is refused: no client of ours sends it, and its
 * parser would have to hold files.
 */
export async function readFormBody(request: Request, maxBytes: number): Promise<Record<string, string>> {
  if (!hasType(request, "application/x-www-form-urlencoded")) {
    throw new AppError("bad_request:input", { message: "Send a form (Content-Type: application/x-www-form-urlencoded)." });
  }
  return Object.fromEntries(new URLSearchParams(utf8(await readBody(request, maxBytes))));
}
