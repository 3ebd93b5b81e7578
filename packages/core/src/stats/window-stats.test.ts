import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { MAX_SCORE } from './robust-score.js';
import { WindowStats } from './window-stats.js';

function sortedMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]! / 2 + sorted[mid]! / 2;
}

const finite = fc.oneof(
  fc.integer({ min: -4, max: 4 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, -0, 1e300, -1e300),
);

describe('WindowStats', () => {
  it('rejects a window that is not an integer from 1 to 2^24, naming the option', () => {
    for (const window of [0, -1, 2.5, Number.NaN, 2 ** 24 + 1]) {
      expect(() => new WindowStats({ window })).toThrow(InvalidOptionError);
      expect(() => new WindowStats({ window })).toThrow(/window/);
    }
    expect(new WindowStats({ window: 1 }).median()).toBeNaN();
  });

  it('has the exact median and MAD of the window right after a refresh', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        (list, w) => {
          const stats = new WindowStats({ window: w, refreshEvery: 1 });
          for (const x of list) stats.push(x);
          const recent = list.slice(-w).map((x) => x + 0);
          const median = sortedMedian(recent);
          expect(stats.median()).toBe(median);
          expect(stats.medianAbsoluteDeviation()).toBe(sortedMedian(recent.map((x) => Math.abs(x - median))));
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('lags by at most refreshEvery values once full, then catches up', () => {
    const stats = new WindowStats({ window: 8, refreshEvery: 4 });
    for (let i = 0; i < 8; i++) stats.push(10);
    expect(stats.median()).toBe(10);
    for (let i = 0; i < 3; i++) stats.push(100);
    expect(stats.median()).toBe(10);
    stats.push(100);
    expect(stats.median()).toBe(55);
  });

  it('scores with the revised Z and its fallbacks, clamped', () => {
    const stats = new WindowStats({ window: 10, refreshEvery: 1 });
    expect(stats.score(5)).toBe(0);
    for (const x of [10, 12, 11, 13, 9]) stats.push(x);
    expect(stats.score(40)).toBeCloseTo((0.6745 * 29) / 1, 12);
    const flat = new WindowStats({ window: 10, refreshEvery: 1 });
    for (let i = 0; i < 6; i++) flat.push(7);
    flat.push(9);
    // MAD is 0 (most deviations are 0): the mean absolute deviation is used instead.
    expect(flat.score(11)).toBeCloseTo(4 / (2 / 7) / 1.2533, 9);
    const constant = new WindowStats();
    for (let i = 0; i < 5; i++) constant.push(3);
    expect(constant.score(3)).toBe(0);
    expect(constant.score(4)).toBe(MAX_SCORE);
    expect(constant.score(2)).toBe(-MAX_SCORE);
  });

  it('ignores and counts non-finite values; scores them 0', () => {
    const stats = new WindowStats();
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, 1, 2, 3]) stats.push(x);
    expect(stats.rejected).toBe(2);
    expect(stats.count).toBe(3);
    expect(stats.score(Number.NaN)).toBe(0);
    expect(stats.scoreThenPush(2)).toBe(0);
    expect(stats.median()).toBe(2);
  });

  it('stays finite for extreme values', () => {
    const stats = new WindowStats({ window: 5, refreshEvery: 1 });
    for (const x of [1e308, -1e308, 1e308, 0, -1e308]) stats.push(x);
    const z = stats.score(1e308);
    expect(Number.isFinite(z)).toBe(true);
    expect(Math.abs(z)).toBeLessThanOrEqual(MAX_SCORE);
  });
});

describe('WindowStats batches', () => {
  it('matches the exact window statistics at every batch, for aligned and unaligned batch sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 400 }),
        // Past 32 values the buffers grow to the full window.
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 12 }),
        (list, w, every) => {
          const stats = new WindowStats({ window: w, refreshEvery: every });
          const r = Math.min(w, every);
          list.forEach((x, i) => {
            stats.push(x);
            const full = i + 1 >= w;
            if (!full || (i + 1 - w) % r !== 0) return;
            const recent = list.slice(Math.max(0, i + 1 - w), i + 1);
            const median = sortedMedian(recent);
            expect(stats.median()).toBe(median);
            expect(stats.medianAbsoluteDeviation()).toBe(
              sortedMedian(recent.map((v) => Math.abs(v - median))),
            );
          });
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
