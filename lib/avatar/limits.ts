/** What an upload may be. Shared by the browser (an early, friendly refusal) and the server (the real check). */
export const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
/** Decoding a larger image could take gigabytes of memory (a decompression bomb): refused from its header. */
export const MAX_AVATAR_PIXELS = 40_000_000;
export const ACCEPTED_AVATAR_TYPES = "image/jpeg,image/png,image/webp,image/gif";
