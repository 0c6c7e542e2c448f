import type { CompactEmoji } from "emojibase";
import data from "emojibase-data/en/compact.json";

const VARIATION_SELECTOR = /\uFE0F/g;

let known: Set<string> | null = null;

/** Every emoji the picker offers, skin tones included, with and without the emoji variation selector. */
function knownEmoji(): Set<string> {
  if (known) return known;
  const set = new Set<string>();
  const add = (e: Pick<CompactEmoji, "unicode">) => {
    set.add(e.unicode);
    set.add(e.unicode.replace(VARIATION_SELECTOR, ""));
  };
  for (const e of data as CompactEmoji[]) {
    // Skin tones and hair alone (group 2) and regional indicator letters (no group) are parts, not emoji.
    if (e.group === undefined || e.group === 2) continue;
    add(e);
    for (const skin of e.skins ?? []) add(skin);
  }
  known = set;
  return set;
}

/** One emoji of the Unicode set (emojibase-data), not text that looks like one. */
export function isEmoji(value: string): boolean {
  return value.length <= 32 && knownEmoji().has(value);
}
