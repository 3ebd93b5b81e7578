import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { DecayedPair, Ewma } from './ewma.js';

describe('Ewma', () => {
  it('is NaN before the first sample and equals the first sample after it', () => {
    const e = new Ewma(10);
    expect(e.value(0)).toBeNaN();
    expect(e.weight(0)).toBe(0);
    e.update(4, 100);
    expect(e.value(100)).toBe(4);
    expect(e.value(1e9)).toBe(4);
  });

  it('weighs a sample one half-life older at one half', () => {
    const e = new Ewma(10);
    e.update(0, 0);
    e.update(3, 10);
    // weights 0.5 and 1: (0 * 0.5 + 3) / 1.5
    expect(e.value(10)).toBeCloseTo(2, 12);
    expect(e.weight(10)).toBeCloseTo(1.5, 12);
    expect(e.weight(20)).toBeCloseTo(0.75, 12);
    expect(e.sum(30)).toBeCloseTo(0.75, 12);
  });

  it('converges to a new level within a few half-lives', () => {
    const e = new Ewma(5);
    for (let t = 0; t < 100; t++) e.update(0, t);
    for (let t = 100; t < 150; t++) e.update(1, t);
    expect(e.value(150)).toBeGreaterThan(0.99);
  });

  it('treats out-of-order samples as taken at the latest time', () => {
    const a = new Ewma(10);
    a.update(1, 50);
    a.update(5, 20);
    const b = new Ewma(10);
    b.update(1, 50);
    b.update(5, 50);
    expect(a.value(50)).toBe(b.value(50));
    expect(a.weight(60)).toBe(b.weight(60));
  });

  it('ignores non-finite values and times and survives huge gaps', () => {
    const e = new Ewma(1);
    e.update(2, 0);
    e.update(Number.NaN, 1);
    e.update(1, Number.POSITIVE_INFINITY);
    e.update(1, Number.NaN);
    expect(e.rejected).toBe(3);
    expect(e.value(1)).toBe(2);
    e.update(7, 1e12);
    expect(e.value(1e12)).toBe(7);
    expect(e.weight(Number.NaN)).toBe(1);
    e.clear();
    expect(e.value(0)).toBeNaN();
    expect(e.rejected).toBe(0);
  });

  it('stays within the range of the samples (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e9, max: 1e9, noNaN: true }),
            fc.double({ min: 0, max: 1e6, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        (samples) => {
          const e = new Ewma(3);
          for (const [v, t] of samples) e.update(v, t);
          const values = samples.map(([v]) => v);
          const v = e.value(0);
          expect(v).toBeGreaterThanOrEqual(Math.min(...values) - 1e-6);
          expect(v).toBeLessThanOrEqual(Math.max(...values) + 1e-6);
        },
      ),
    );
  });

  it('rejects a bad half-life naming the option', () => {
    for (const h of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Ewma(h)).toThrow(InvalidOptionError);
    }
    expect(() => new Ewma(0)).toThrow(/option halfLife/);
  });
});

describe('DecayedPair', () => {
  it('gives the same sums as two Ewma updated at the same times, in and out of time order', () => {
    const step = fc.tuple(fc.nat(50), fc.nat(50), fc.double({ min: -5, max: 200, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 60 }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        (steps, halfLife) => {
          const pair = new DecayedPair(halfLife);
          const first = new Ewma(halfLife);
          const second = new Ewma(halfLife);
          for (const [a, b, now] of steps) {
            pair.add(a, b, now);
            first.update(a, now);
            second.update(b, now);
            const later = now + 7;
            expect(pair.first * pair.decay(later)).toBe(first.sum(later));
            expect(pair.second * pair.decay(later)).toBe(second.sum(later));
            expect(pair.first * pair.decay(now - 3)).toBe(first.sum(now - 3));
          }
          pair.add(1, 1, Number.NaN);
          expect(pair.first * pair.decay(1e6)).toBe(first.sum(1e6));
        },
      ),
      { numRuns: 200, seed: 2 },
    );
  });
});
