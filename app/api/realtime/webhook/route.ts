import { createHash } from "node:crypto";
import { z } from "zod";
import { acceptWebhookOnce, applyPresenceWebhook } from "@/lib/dal/presence";
import { AppError, errorResponse } from "@/lib/errors";
import { isAuthenticWebhook } from "@/lib/realtime/server";

const MAX_BODY_BYTES = 64 * 1024;

const webhookSchema = z.object({
  time_ms: z.number().int().positive(),
  events: z
    .array(z.object({ name: z.string().max(64), channel: z.string().max(200).optional() }).loose())
    .max(1000),
});

/**
 * Soketi (or Pusher) calls this when a channel gains its first or loses its last subscriber. Only
 * signed bodies are read, and each body only once.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const raw = await request.text();
    if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new AppError("bad_request:input", { message: "Webhook too large." });
    if (!isAuthenticWebhook(request.headers, raw)) {
      return Response.json({ error: { code: "unauthorized:webhook", message: "Bad webhook signature." } }, { status: 401 });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new AppError("bad_request:input", { message: "The body is not valid JSON." });
    }
    const parsed = webhookSchema.safeParse(body);
    if (!parsed.success) throw new AppError("bad_request:input", { message: "Malformed webhook." });
    const digest = createHash("sha256").update(raw).digest("hex");
    if (!(await acceptWebhookOnce(digest, parsed.data.time_ms))) {
      return Response.json({ error: { code: "conflict:webhook", message: "Webhook already processed or too old." } }, { status: 409 });
    }
    await applyPresenceWebhook(parsed.data.events, parsed.data.time_ms);
    return Response.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
