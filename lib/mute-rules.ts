// Shared with the browser: no zod, no database (eslint.config.mjs refuses both).

/** "Until I unmute": the end of year 9999, later than any real time and still a valid Date. */
export const MUTED_FOREVER = 253_402_300_799_999;

const HOUR = 60 * 60 * 1000;
export const MUTE_MS = { "1h": HOUR, "8h": 8 * HOUR } as const;

/** Whether a chat muted until `mutedUntil` is muted at `now`. */
export function mutedAt(mutedUntil: number | null | undefined, now: number): boolean {
  return mutedUntil != null && mutedUntil > now;
}
