import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Of } from './base64.js';

describe('base64Of', () => {
  it('writes what Buffer writes, for every length up to 64 and every byte value', () => {
    for (let length = 0; length <= 64; length++) {
      for (let k = 0; k < 20; k++) {
        const bytes = new Uint8Array(randomBytes(length));
        expect(base64Of(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64Of(all)).toBe(Buffer.from(all).toString('base64'));
    expect(base64Of(all.subarray(7, 12))).toBe(Buffer.from(all.subarray(7, 12)).toString('base64'));
  });
});
