import { describe, expect, it } from 'vitest';
import { spanIdHash, textHash52 } from './span-id-hash.js';

describe('textHash52', () => {
  it('gives distinct 52-bit integers for 200,000 ids that differ in one digit or in length', () => {
    const seen = new Set<number>();
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const id = i.toString(16).padStart(32, '0');
      for (const text of [id, id.slice(1)]) {
        const hash = textHash52(text);
        if (!Number.isInteger(hash) || hash < 0 || hash >= 2 ** 52) outOfRange++;
        seen.add(hash);
      }
    }
    expect(outOfRange).toBe(0);
    expect(seen.size).toBe(200_000);
    expect(textHash52('')).toBe(textHash52(''));
  });
});

describe('spanIdHash', () => {
  it('reads the first 13 hex digits of a hex id, and hashes other ids to negative numbers', () => {
    expect(spanIdHash('0000000000001fff')).toBe(1);
    expect(spanIdHash('00000000000010ab')).toBe(1);
    expect(spanIdHash('not-a-hex-id')).toBeLessThan(0);
    expect(spanIdHash('ABCDEFABCDEFABCD')).toBeLessThan(0); // upper case is not canonical
  });
});
