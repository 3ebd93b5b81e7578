import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('matches the standard check value and known vectors', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('gives the same result fed in pieces as in one go, for every split point', () => {
    const bytes = new Uint8Array(37).map((_, i) => (i * 131 + 7) & 0xff);
    const whole = crc32(bytes);
    for (let split = 0; split <= bytes.length; split++) {
      expect(crc32(bytes, crc32(bytes, 0, 0, split), split)).toBe(whole);
    }
  });

  it('agrees with a bit-at-a-time reference on odd lengths', () => {
    for (const length of [1, 3, 5, 4099]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 2654435761) >>> 24);
      expect(crc32(bytes)).toBe(bitwiseCrc32(bytes));
    }
  });
});

function bitwiseCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}
