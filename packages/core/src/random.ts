/**
 * A seeded pseudo-random generator (mulberry32) returning floats in [0, 1): the same sequence for the same
 * seed on every machine, for reproducible simulations, synthetic loads and fuzz cases.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
