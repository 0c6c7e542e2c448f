import { AppError } from "@/lib/errors";

/**
 * A small JSON body. JSON only: a cross-site form cannot send it, which closes the CSRF door for
 * these cookie-authenticated routes. A body over the limit is refused by its declared length, and
 * otherwise as soon as the bytes read pass it, never held whole.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new AppError("bad_request:input", { message: "Send JSON (Content-Type: application/json)." });
  }
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw new AppError("payload_too_large:body");
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined };
    if (next.done) break;
    total += next.value.byteLength;
    if (total > maxBytes) {
      await reader!.cancel();
      throw new AppError("payload_too_large:body");
    }
    chunks.push(next.value);
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    throw new AppError("bad_request:input", { message: "The body is not valid JSON." });
  }
}
