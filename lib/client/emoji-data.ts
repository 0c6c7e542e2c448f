import type { CompactEmoji } from "emojibase";

/**
 * The full Unicode emoji set, from emojibase-data (bundled with the app, never fetched from
 * elsewhere). About 570 KB of JSON: the picker imports this module only when it opens (the server
 * reads the same file itself to accept any of these as a reaction: lib/validations/emoji.ts).
 */
export async function loadEmoji(): Promise<CompactEmoji[]> {
  const data = await import("emojibase-data/en/compact.json");
  return (data.default as CompactEmoji[]).filter((e) => e.group !== undefined && e.group !== 2);
}
