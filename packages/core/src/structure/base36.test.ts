import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base36 } from './base36.js';

describe('base36', () => {
  it('prints what toString(36) prints, at the split and past it', () => {
    const edges = [0, 1, 35, 36, 36 ** 5 - 1, 36 ** 5, 36 ** 5 + 1, 36 ** 6, 2 ** 31, 2 ** 52 - 1];
    for (const n of [...edges, Number.MAX_SAFE_INTEGER, 2 ** 53, -1, -(2 ** 40), 0.5, 1e21, Number.NaN])
      expect(base36(n)).toBe(n.toString(36));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(base36(n)).toBe(n.toString(36));
      }),
      { numRuns: 20_000 },
    );
  });
});
