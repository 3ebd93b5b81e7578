import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { AnomalyReserve } from './anomaly-reserve.js';

describe('AnomalyReserve', () => {
  it('starts full at the least slowdown, raises the bar as it empties and closes when empty', () => {
    const reserve = new AnomalyReserve({ share: 0.1, burstTraces: 10 });
    expect(reserve.threshold()).toBe(2);
    // Each trace earns 10 units; the capacity tends to 10 traces' worth (100) and the bucket stays full.
    for (let t = 0; t < 300; t++) reserve.record(0, 100);
    expect(reserve.units).toBeCloseTo(100, 6);
    expect(reserve.threshold()).toBeCloseTo(2, 6);
    reserve.record(50, 100);
    expect(reserve.units).toBeCloseTo(50, 6);
    expect(reserve.threshold()).toBeCloseTo(4, 6);
    reserve.record(49, 100);
    expect(reserve.units).toBeCloseTo(11, 6);
    expect(reserve.threshold()).toBeCloseTo(200 / 11, 6);
    reserve.record(30, 100);
    expect(reserve.units).toBeCloseTo(-9, 6);
    expect(reserve.threshold()).toBe(Number.POSITIVE_INFINITY);
    // Refills by its share: open again a trace later, the bar high, then lower.
    reserve.record(0, 100);
    expect(reserve.threshold()).toBeCloseTo(200, 4);
    reserve.record(0, 100);
    expect(reserve.threshold()).toBeCloseTo(200 / 11, 4);
  });

  it('never spends more than its share of all units plus its capacity plus one trace', () => {
    const reserve = new AnomalyReserve({ share: 0.02, burstTraces: 50 });
    let total = 0;
    let spent = 0;
    let largest = 0;
    for (let t = 0; t < 5000; t++) {
      const units = 100 + ((t * 37) % 900);
      // A greedy user: spends 40 units whenever the bar lets a slowdown of 50 through.
      const take = reserve.threshold() <= 50 ? 40 : 0;
      reserve.record(take, units);
      total += units;
      spent += take;
      largest = Math.max(largest, take);
    }
    // Capacity: at most 50 traces' worth of the largest earnings (0.02 x 1000).
    const capacity = 0.02 * 1000 * 50;
    expect(spent).toBeLessThanOrEqual(0.02 * total + capacity + largest);
    // And it was spent: the greedy user got most of the share.
    expect(spent).toBeGreaterThan(0.5 * 0.02 * total);
    expect(reserve.spentUnits).toBe(spent);
  });

  it('sizes its capacity on the average trace: one huge or empty first trace does not skew it for long', () => {
    // Typical traces earn 0.2 x 0.4 = 0.08 units: 1000 traces' worth is 80.
    const huge = new AnomalyReserve({ share: 0.2 });
    huge.record(0, 300.1);
    expect(huge.units).toBeCloseTo(60_020, 6);
    for (let t = 0; t < 100; t++) huge.record(0, 0.4);
    expect(huge.units).toBeLessThan(700);
    for (let t = 0; t < 900; t++) huge.record(0, 0.4);
    expect(huge.units).toBeLessThan(120);
    const empty = new AnomalyReserve({ share: 0.2 });
    empty.record(0, 0);
    expect(empty.units).toBe(0);
    for (let t = 0; t < 10; t++) empty.record(0, 0.4);
    expect(empty.units).toBeGreaterThan(70);
    expect(empty.units).toBeLessThanOrEqual(80);
  });

  it('makes nothing available before the first record, then what it holds (0 while overdrawn)', () => {
    const reserve = new AnomalyReserve({ share: 0.5, burstTraces: 4 });
    expect(reserve.available()).toBe(0);
    reserve.record(0, 10);
    expect(reserve.available()).toBe(20);
    reserve.record(15, 10);
    expect(reserve.available()).toBeCloseTo(5, 9);
    reserve.record(30, 10);
    expect(reserve.units).toBeLessThan(0);
    expect(reserve.available()).toBe(0);
  });

  it('is closed with share 0, and ignores non-finite or negative records (counted)', () => {
    const none = new AnomalyReserve({ share: 0 });
    expect(none.threshold()).toBe(Number.POSITIVE_INFINITY);
    none.record(0, 100);
    expect(none.threshold()).toBe(Number.POSITIVE_INFINITY);
    const reserve = new AnomalyReserve({ share: 0.5, burstTraces: 1 });
    reserve.record(0, 10);
    expect(reserve.units).toBe(5);
    for (const [spent, total] of [
      [Number.NaN, 10],
      [1, Number.POSITIVE_INFINITY],
      [-1, 10],
      [1, -10],
    ] as const) {
      reserve.record(spent, total);
    }
    expect(reserve.rejected).toBe(4);
    expect(reserve.units).toBe(5);
    expect(reserve.threshold()).toBe(2);
  });

  it('names a bad option', () => {
    expect(() => new AnomalyReserve({ share: 1.5 })).toThrow(InvalidOptionError);
    expect(() => new AnomalyReserve({ share: Number.NaN })).toThrow(/share/);
    expect(() => new AnomalyReserve({ share: 0.1, minSlowdown: 0 })).toThrow(/minSlowdown/);
    expect(() => new AnomalyReserve({ share: 0.1, burstTraces: 0 })).toThrow(/burstTraces/);
  });
});
