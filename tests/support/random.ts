/**
 * A small seeded generator (mulberry32) so that a fuzzing failure can be replayed: the seed is
 * printed, and FUZZ_SEED=<seed> runs the same inputs again.
 */
export type Random = {
  seed: number;
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  bytes: (length: number) => Uint8Array;
};

export function seededRandom(seed = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31)): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    bytes: (length) => Uint8Array.from({ length }, () => int(0, 255)),
  };
}
