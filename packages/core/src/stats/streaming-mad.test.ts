import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SCORE, RobustStats } from './streaming-mad.js';

function sortedMedian(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return sorted[mid - 1]! / 2 + sorted[mid]! / 2;
}

/** Brute-force model of RobustStats: keeps every value and deviation, sorts on demand. */
class NaiveRobust {
  readonly values: number[] = [];
  readonly deviations: number[] = [];
  constructor(
    readonly window: number,
    readonly madWindow: number,
  ) {}
  push(x: number): void {
    if (!Number.isFinite(x)) return;
    this.values.push(x + 0);
    this.deviations.push(Math.min(Math.abs(x - this.median()), Number.MAX_VALUE));
  }
  median(): number {
    return sortedMedian(this.values.slice(-this.window));
  }
  mad(): number {
    return sortedMedian(this.deviations.slice(-this.madWindow));
  }
  meanAd(): number {
    const recent = this.deviations.slice(-this.madWindow);
    return recent.reduce((s, d) => s + d / recent.length, 0);
  }
}

const finite = fc.oneof(
  fc.integer({ min: -4, max: 4 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, 1e300),
);
const hostile = fc.oneof(
  finite,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

describe('RobustStats', () => {
  it('scores against the statistics before the push', () => {
    const s = new RobustStats();
    for (const x of [10, 12, 11, 13, 9, 10, 12]) s.push(x);
    expect(s.median()).toBe(11);
    const before = s.score(40);
    expect(before).toBeCloseTo((0.6745 * (40 - 11)) / s.mad(), 12);
    expect(s.scoreThenPush(40)).toBe(before);
    expect(s.count).toBe(8);
  });

  it('scores 0 with no data and for non-finite input', () => {
    const s = new RobustStats();
    expect(s.score(5)).toBe(0);
    expect(s.median()).toBeNaN();
    expect(s.mad()).toBeNaN();
    s.push(1);
    expect(s.score(Number.NaN)).toBe(0);
    expect(s.score(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('flags a different value in a constant series, and not the constant', () => {
    const s = new RobustStats();
    for (let i = 0; i < 50; i++) s.push(7);
    expect(s.mad()).toBe(0);
    expect(s.score(7)).toBe(0);
    expect(s.score(8)).toBe(MAX_SCORE);
    expect(s.score(6)).toBe(-MAX_SCORE);
  });

  it('falls back to the mean absolute deviation when MAD is 0', () => {
    const s = new RobustStats({ window: 10, madWindow: 10 });
    for (const x of [5, 5, 5, 5, 5, 5, 5, 5, 5, 15]) s.push(x);
    expect(s.mad()).toBe(0);
    // Deviations: nine zeros and |15 - 5| = 10, so meanAD = 1.
    expect(s.score(6)).toBeCloseTo(1 / 1.2533, 12);
    expect(s.score(3)).toBeCloseTo(-2 / 1.2533, 12);
  });

  it('keeps scores finite and bounded for extreme values', () => {
    const s = new RobustStats({ window: 5 });
    for (const x of [-Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 0, 1]) s.push(x);
    for (const x of [Number.MAX_VALUE, -Number.MAX_VALUE, 0, 1e-300]) {
      const z = s.score(x);
      expect(Number.isFinite(z)).toBe(true);
      expect(Math.abs(z)).toBeLessThanOrEqual(MAX_SCORE);
    }
  });

  it('counts rejected values and clear() resets everything', () => {
    const s = new RobustStats();
    s.push(Number.NaN);
    s.push(Number.NEGATIVE_INFINITY);
    s.push(3);
    expect(s.rejected).toBe(2);
    expect(s.count).toBe(1);
    expect(s.size).toBe(1);
    s.clear();
    expect([s.count, s.rejected, s.size]).toEqual([0, 0, 0]);
    expect(s.median()).toBeNaN();
  });

  it('matches a brute-force model on random sequences and windows (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(hostile, { maxLength: 150 }),
        (window, madWindow, xs) => {
          const s = new RobustStats({ window, madWindow });
          const naive = new NaiveRobust(window, madWindow);
          for (const x of xs) {
            const z = s.scoreThenPush(x);
            expect(Number.isFinite(z)).toBe(true);
            expect(Math.abs(z)).toBeLessThanOrEqual(MAX_SCORE);
            naive.push(x);
            expect(s.median()).toBe(naive.median());
            expect(s.mad()).toBe(naive.mad());
          }
          expect(s.count).toBe(naive.values.length);
          expect(s.rejected).toBe(xs.length - naive.values.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scores match the brute-force formula (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.array(finite, { maxLength: 100 }),
        finite,
        (w, xs, x) => {
          const s = new RobustStats({ window: w, madWindow: w });
          const naive = new NaiveRobust(w, w);
          for (const v of xs) {
            s.push(v);
            naive.push(v);
          }
          const median = naive.median();
          const mad = naive.mad();
          const z = s.score(x);
          if (xs.length === 0) expect(z).toBe(0);
          else if (mad > 0) {
            const want = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, (0.6745 * (x - median)) / mad));
            expect(z).toBe(want);
          } else if (naive.meanAd() > 0) {
            // meanAD comes from a running sum: allow relative rounding error.
            const want = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, (x - median) / naive.meanAd() / 1.2533));
            expect(Math.abs(z - want)).toBeLessThanOrEqual(1e-8 * Math.abs(want));
          } else expect(z).toBe(x === median ? 0 : Math.sign(x - median) * MAX_SCORE);
        },
      ),
      { numRuns: 300 },
    );
  });
});
