/**
 * Seeded, deterministic hashing for samplers: no `Math.random`, so a run repeats exactly under a seed.
 * FNV-1a over UTF-16 code units, finished with the murmur3 32-bit mixer; two independent lanes give
 * 53 uniform bits for `hashUnit`.
 */

/** A 32-bit unsigned hash of `text` under `seed`. */
export function hash32(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Mixes two 32-bit values into one (order matters); for hashing tuples without building strings. */
export function combine32(a: number, b: number): number {
  return fmix32((Math.imul(a ^ 0x85ebca6b, 0xcc9e2d51) + b) | 0);
}

/** A uniform number in [0, 1) derived from `text` under `seed`, with 53 bits of resolution. */
export function hashUnit(seed: number, text: string): number {
  const high = hash32(seed, text) >>> 5; // 27 bits
  const low = hash32(seed ^ 0x5bd1e995, text) >>> 6; // 26 bits
  return (high * 67_108_864 + low) / 9_007_199_254_740_992;
}

/** The murmur3 finaliser: spreads every input bit over the output. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
