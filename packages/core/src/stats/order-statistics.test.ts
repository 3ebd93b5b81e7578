import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  insertSorted,
  madOfSorted,
  meanAbsoluteDeviationOfSorted,
  medianOfSorted,
} from './order-statistics.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]! / 2 + sorted[mid]! / 2;
}

const values = fc.array(
  fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e9, max: 1e9, noNaN: true })),
  {
    minLength: 1,
    maxLength: 120,
  },
);

describe('order statistics of a sorted window', () => {
  it('insertSorted keeps the window sorted, and median and MAD match a brute force', () => {
    fc.assert(
      fc.property(values, (list) => {
        const sorted = new Float64Array(list.length);
        list.forEach((x, i) => {
          insertSorted(sorted, i, x + 0);
        });
        expect([...sorted]).toEqual([...list.map((x) => x + 0)].sort((a, b) => a - b));
        const center = medianOfSorted(sorted, list.length);
        expect(center).toBe(median(list));
        expect(madOfSorted(sorted, list.length, center)).toBe(median(list.map((x) => Math.abs(x - center))));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('reads and inserts a window at an offset exactly as at 0, leaving the values around it', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 9 }), (list, at) => {
        const plain = new Float64Array(list.length);
        const padded = new Float64Array(at + list.length + 3).fill(-7e9);
        list.forEach((x, i) => {
          insertSorted(plain, i, x + 0);
          insertSorted(padded, i, x + 0, at);
        });
        expect([...padded.subarray(at, at + list.length)]).toEqual([...plain]);
        expect(padded[at - 1]).toBe(-7e9);
        const n = list.length;
        const center = medianOfSorted(plain, n);
        expect(medianOfSorted(padded, n, at)).toBe(center);
        expect(madOfSorted(padded, n, center, at)).toBe(madOfSorted(plain, n, center));
        expect(meanAbsoluteDeviationOfSorted(padded, n, center, at)).toBe(
          meanAbsoluteDeviationOfSorted(plain, n, center),
        );
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('gives NaN for an empty window and the mean absolute deviation in ascending order', () => {
    const empty = new Float64Array(4);
    expect(medianOfSorted(empty, 0)).toBeNaN();
    expect(madOfSorted(empty, 0, 0)).toBeNaN();
    expect(meanAbsoluteDeviationOfSorted(empty, 0, 0)).toBeNaN();
    const sorted = Float64Array.of(1, 2, 2, 2, 9);
    expect(meanAbsoluteDeviationOfSorted(sorted, 5, 2)).toBeCloseTo(8 / 5, 12);
    expect(madOfSorted(sorted, 5, 2)).toBe(0);
  });
});
