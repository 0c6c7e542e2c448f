import { createHash } from "node:crypto";
import { z } from "zod";
import { acceptWebhookOnce, applyPresenceWebhook } from "@/lib/dal/presence";
import { AppError } from "@/lib/errors";
import { parseJson, readBody, utf8 } from "@/lib/http/body";
import { withErrors } from "@/lib/http/with-errors";
import { isAuthenticWebhook } from "@/lib/realtime/server";

// Soketi sends a few events at a time; the cap is checked while reading, before the signature, so an
// unsigned sender costs the server at most this much memory.
const MAX_BODY_BYTES = 64 * 1024;

const webhookSchema = z.object({
  time_ms: z.number().int().positive(),
  events: z.array(z.object({ name: z.string().max(64), channel: z.string().max(200).optional() }).loose()).max(1000),
});

/**
 * Soketi (or Pusher) calls this when a channel gains its first or loses its last subscriber. Only
 * signed bodies are read, and each body only once.
 */
export const POST = withErrors(async (request) => {
  const raw = await readBody(request, MAX_BODY_BYTES);
  if (!isAuthenticWebhook(request.headers, raw)) throw new AppError("unauthorized:webhook");
  const parsed = webhookSchema.safeParse(parseJson(utf8(raw)));
  if (!parsed.success) throw new AppError("bad_request:input", { message: "Malformed webhook." });
  const digest = createHash("sha256").update(raw).digest("hex");
  if (!(await acceptWebhookOnce(digest, parsed.data.time_ms))) throw new AppError("conflict:webhook");
  await applyPresenceWebhook(parsed.data.events, parsed.data.time_ms);
  return Response.json({ ok: true });
});
