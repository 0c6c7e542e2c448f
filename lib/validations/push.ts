import { z } from "zod";

const base64url = (bytes: number, label: string) =>
  z
    .string({ error: `The subscription's ${label} key is missing.` })
    .regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}={0,2}$`), `The subscription's ${label} key is not valid.`);

/**
 * A push service's endpoint: https, as every browser's is. The server posts to it, so a plain-http
 * one is taken only outside production and only on this machine (the tests' own push endpoint).
 */
const endpoint = z
  .string({ error: "The subscription has no endpoint." })
  .max(2048, "The subscription's endpoint is too long.")
  .refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    if (url.protocol === "https:") return true;
    return url.protocol === "http:" && process.env.NODE_ENV !== "production" && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
  }, "The subscription's endpoint must be an https URL.");

/** What PushSubscription.toJSON() gives in a browser: the endpoint and the P-256 key and auth secret. */
export const pushSubscriptionSchema = z.object({
  subscription: z.object({
    endpoint,
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64url(65, "public"), auth: base64url(16, "auth") }),
  }),
  /** The endpoint it replaces (the service worker's pushsubscriptionchange). */
  replaces: endpoint.optional(),
});

export const pushEndpointSchema = z.object({ endpoint });

export const hidePreviewsSchema = z.object({ hidePreviews: z.boolean({ error: "Say whether to hide previews." }) });
