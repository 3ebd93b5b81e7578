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
  it('gives distinct 52-bit integers to 300,000 hex ids that differ only in their last digits', () => {
    const seen = new Set<number>();
    let outOfRange = 0;
    // Sequential ids (test tools, replays) under three prefixes: only the last 4-5 digits differ.
    for (const prefix of ['00000000000', 'ffffffffff0', '0af7651916c']) {
      for (let i = 0; i < 100_000; i++) {
        const hash = spanIdHash(prefix + i.toString(16).padStart(5, '0'));
        if (!Number.isInteger(hash) || hash < 0 || hash >= 2 ** 52) outOfRange++;
        seen.add(hash);
      }
    }
    expect(outOfRange).toBe(0);
    expect(seen.size).toBe(300_000);
  });

  it('tells apart ids that differ in one bit anywhere among the 64', () => {
    const base = '0af7651916cd43dd';
    const hashes = new Set([spanIdHash(base)]);
    for (let digit = 0; digit < 16; digit++) {
      for (const bit of [1, 2, 4, 8]) {
        const flipped = (Number.parseInt(base[digit]!, 16) ^ bit).toString(16);
        hashes.add(spanIdHash(base.slice(0, digit) + flipped + base.slice(digit + 1)));
      }
    }
    expect(hashes.size).toBe(65);
  });

  it('hashes ids that are not 16 lowercase hex digits to negative numbers, distinct per text', () => {
    const others = ['not-a-hex-id', 'ABCDEFABCDEFABCD', '0af7651916cd43d', '0af7651916cd43dd0', ''];
    const hashes = others.map(spanIdHash);
    expect(hashes.every((h) => Number.isInteger(h) && h < 0)).toBe(true);
    expect(new Set(hashes).size).toBe(others.length);
    expect(spanIdHash('abcdefabcdefz001')).not.toBe(spanIdHash('abcdefabcdefz002'));
    expect(spanIdHash('0af7651916cd43dd')).toBe(spanIdHash('0af7651916cd43dd'));
  });
});
