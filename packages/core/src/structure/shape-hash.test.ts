import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holeHash, nodeHash, pairHash, pairHashFrom, pairSeed } from './shape-hash.js';

const LANE = 0x100000;

/** The mixing function as first written, with floating-point remainders (the reference). */
function referenceMix(h: number, value: number, salt: number): number {
  const hi = Math.floor(h / LANE);
  const lo = h % LANE;
  const vHi = Math.floor(value / LANE);
  const vLo = value % LANE;
  let a = Math.imul(hi ^ vLo ^ salt, 0x9e3779b1);
  a ^= a >>> 16;
  a = Math.imul(a ^ vHi, 0x85ebca6b);
  a ^= a >>> 13;
  let b = Math.imul(lo ^ vHi ^ (salt << 7), 0xc2b2ae35);
  b ^= b >>> 15;
  b = Math.imul(b ^ vLo ^ a, 0x27d4eb2f);
  b ^= b >>> 16;
  return (a >>> 0) * LANE + ((b >>> 0) & (LANE - 1));
}

const hash52 = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 }),
  fc.double({ min: 0, max: 2 ** 52 - 1, noNaN: true }).map(Math.floor),
  fc.constantFrom(0, 1, LANE - 1, LANE, 2 ** 52 - 1),
);

describe('shape hashes', () => {
  it('pairHash, holeHash and nodeHash equal the remainder-based reference on 52-bit hashes', () => {
    fc.assert(
      fc.property(hash52, hash52, fc.array(hash52, { maxLength: 5 }), (first, second, kids) => {
        const pair = referenceMix(referenceMix(first, 0x70616972, 2), second, 3);
        expect(pairHash(first, second)).toBe(pair);
        expect(pairHashFrom(pairSeed(first), second)).toBe(pair);
        expect(holeHash(first)).toBe(referenceMix(first, 0x686f6c65, 1));
        const sorted = [...kids].sort((x, y) => x - y);
        let node = referenceMix(first, 0x6e6f6465, kids.length);
        for (const kid of sorted) node = referenceMix(node, kid, 7);
        expect(nodeHash(first, [...kids])).toBe(node);
      }),
      { numRuns: 500, seed: 9 },
    );
  });
});
