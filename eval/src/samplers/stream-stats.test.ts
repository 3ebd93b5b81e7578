import { describe, expect, it } from 'vitest';
import { hashUnit } from './hash.js';
import { DecayedRatio, LogHistogram } from './stream-stats.js';

describe('LogHistogram', () => {
  it('estimates quantiles within one bucket (about 9%) and ignores NaN/negative as 0', () => {
    const h = new LogHistogram(1_000_000);
    for (let v = 1; v <= 10_000; v++) h.add(v);
    expect(h.quantile(0.5) / 5000).toBeGreaterThan(0.95);
    expect(h.quantile(0.5) / 5000).toBeLessThan(1.1);
    expect(h.quantile(0.99) / 9900).toBeGreaterThan(0.95);
    const odd = new LogHistogram();
    odd.add(Number.NaN);
    odd.add(-5);
    odd.add(Number.POSITIVE_INFINITY);
    expect(odd.quantile(0.5)).toBe(1);
    expect(Number.isFinite(odd.quantile(1))).toBe(true);
    expect(new LogHistogram().quantile(0.9)).toBe(0);
  });

  it('follows the recent stream as old counts halve', () => {
    const h = new LogHistogram(1000);
    for (let i = 0; i < 5000; i++) h.add(100);
    for (let i = 0; i < 5000; i++) h.add(100_000);
    expect(h.quantile(0.5)).toBeGreaterThan(50_000);
  });
});

describe('DecayedRatio and hashUnit', () => {
  it('tracks the recent kept fraction', () => {
    const r = new DecayedRatio(100);
    expect(r.ratio(0.5)).toBe(0.5);
    for (let i = 0; i < 2000; i++) r.add(i < 1000 ? 1 : 0, 1);
    expect(r.ratio(0)).toBeLessThan(0.01);
  });

  it('is uniform enough: mean near 0.5 and every decile filled', () => {
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = hashUnit(7, `span-${i}`);
      sum += u;
      deciles[Math.floor(u * 10)]! += 1;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
    for (const count of deciles) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });
});
