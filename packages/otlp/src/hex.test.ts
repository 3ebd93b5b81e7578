import { describe, expect, it } from 'vitest';
import { bytesToHex, hex8 } from './hex.js';

describe('hex', () => {
  it('hex8 writes the same lowercase hex as Buffer for every byte value and any offset', () => {
    const bytes = new Uint8Array(256 + 16);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 255;
    for (let from = 0; from + 8 <= bytes.length; from++) {
      const expected = Buffer.from(bytes.subarray(from, from + 8)).toString('hex');
      expect(hex8(bytes, from)).toBe(expected);
      expect(bytesToHex(bytes, from, from + 8)).toBe(expected);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    let hex = '';
    for (let from = 0; from < 256; from += 8) hex += hex8(all, from);
    expect(hex).toBe(Buffer.from(all).toString('hex'));
  });
});
