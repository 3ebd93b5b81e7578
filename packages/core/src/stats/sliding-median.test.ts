import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { SlidingMedian } from './sliding-median.js';

/** Brute-force median with the same halving rule as the implementation. */
function sortedMedian(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return sorted[mid - 1]! / 2 + sorted[mid]! / 2;
}

const finite = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e300, -1e300),
);
const hostile = fc.oneof(
  finite,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

describe('SlidingMedian', () => {
  it('is NaN when empty and after clear()', () => {
    const m = new SlidingMedian(3);
    expect(m.median()).toBeNaN();
    expect(m.mean()).toBeNaN();
    m.push(4);
    m.push(Number.NaN);
    expect(m.median()).toBe(4);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.rejected).toBe(0);
    expect(m.median()).toBeNaN();
    m.push(7);
    expect(m.median()).toBe(7);
  });

  it('covers only the last window values', () => {
    const m = new SlidingMedian(3);
    for (const x of [1, 2, 3, 100, 200]) m.push(x);
    expect(m.size).toBe(3);
    expect(m.median()).toBe(100);
    m.push(-5);
    expect(m.median()).toBe(100);
    m.push(-6);
    expect(m.median()).toBe(-5);
  });

  it('window 1 always reports the last value', () => {
    const m = new SlidingMedian(1);
    for (const x of [5, -3, 9, 9, 0]) {
      m.push(x);
      expect(m.median()).toBe(x);
    }
  });

  it('ignores and counts NaN and infinities', () => {
    const m = new SlidingMedian(4);
    m.push(1);
    m.push(Number.NaN);
    m.push(Number.POSITIVE_INFINITY);
    m.push(Number.NEGATIVE_INFINITY);
    m.push(3);
    expect(m.rejected).toBe(3);
    expect(m.size).toBe(2);
    expect(m.median()).toBe(2);
  });

  it('averages the middle pair of huge values without overflowing', () => {
    const m = new SlidingMedian(2);
    m.push(Number.MAX_VALUE);
    m.push(Number.MAX_VALUE);
    expect(m.median()).toBe(Number.MAX_VALUE);
    expect(m.mean()).toBe(Number.MAX_VALUE);
  });

  it('keeps the mean exact after a huge value leaves the window', () => {
    const m = new SlidingMedian(4);
    m.push(1e300);
    for (let i = 0; i < 4; i++) m.push(1);
    expect(m.mean()).toBe(1);
    m.push(-Number.MAX_VALUE);
    m.push(-Number.MAX_VALUE);
    expect(m.mean()).toBe(-Number.MAX_VALUE / 2 + 0.5);
    for (let i = 0; i < 4; i++) m.push(3);
    expect(m.mean()).toBe(3);
  });

  it('stores -0 as +0', () => {
    const m = new SlidingMedian(1);
    m.push(-0);
    expect(Object.is(m.median(), 0)).toBe(true);
  });

  it('rejects invalid windows naming the option', () => {
    for (const w of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 30]) {
      expect(() => new SlidingMedian(w)).toThrow(InvalidOptionError);
    }
    expect(() => new SlidingMedian(0)).toThrow(/option window/);
  });

  it('matches a brute-force sort after every push (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(hostile, { maxLength: 200 }), (window, xs) => {
        const m = new SlidingMedian(window);
        const kept: number[] = [];
        for (const x of xs) {
          m.push(x);
          if (Number.isFinite(x)) kept.push(x + 0);
          const recent = kept.slice(-window);
          expect(m.size).toBe(recent.length);
          expect(m.median()).toBe(sortedMedian(recent));
        }
        expect(m.rejected).toBe(xs.length - kept.length);
      }),
      { numRuns: 300 },
    );
  });

  it('mean matches the window mean within rounding, even with huge values (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(finite, { maxLength: 120 }), (window, xs) => {
        const m = new SlidingMedian(window);
        for (let i = 0; i < xs.length; i++) {
          m.push(xs[i]!);
          const recent = xs.slice(Math.max(0, i + 1 - window), i + 1).map((x) => x + 0);
          const exact = recent.reduce((s, x) => s + x / recent.length, 0);
          const spread = Math.max(...recent.map(Math.abs));
          const tolerance = 1e-9 * Math.abs(exact) + 4 * window * spread * Number.EPSILON + 1e-300;
          expect(Math.abs(m.mean() - exact)).toBeLessThanOrEqual(tolerance);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches brute force on long runs with many duplicates and window 100', () => {
    const m = new SlidingMedian(100);
    const xs: number[] = [];
    let state = 12345;
    for (let i = 0; i < 5000; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const x = (state % 7) - 3;
      xs.push(x);
      m.push(x);
      if (i % 97 === 0) expect(m.median()).toBe(sortedMedian(xs.slice(-100)));
    }
    expect(m.median()).toBe(sortedMedian(xs.slice(-100)));
  });
});
