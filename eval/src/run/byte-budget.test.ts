import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.js';

/** A sampler whose output share is `floor + slope × ratio` of each trace, traces of varying size. */
function simulate(budget: ByteBudget, floor: number, slope: number, traces: number) {
  let bytesIn = 0;
  let bytesOut = 0;
  for (let t = 0; t < traces; t++) {
    const size = 1000 + ((t * 7919) % 3000);
    const out = Math.round(size * Math.min(1, floor + slope * budget.ratio()));
    budget.observe(size, out);
    bytesIn += size;
    bytesOut += out;
  }
  return bytesOut / bytesIn;
}

describe('ByteBudget', () => {
  it('reaches a fixed byte share whatever the sampler makes of its ratio', () => {
    for (const [floor, slope] of [
      [0, 1],
      [0.05, 0.5],
      [0, 2.5],
    ] as const) {
      expect(simulate(new ByteBudget(() => 0.2), floor, slope, 3000)).toBeCloseTo(0.2, 2);
    }
  });

  it('follows a leader, and saturates at 0 when the floor is above the target', () => {
    const leader = { bytesIn: 1000, bytesOut: 300 };
    expect(simulate(ByteBudget.following(leader, 0.1), 0, 1, 3000)).toBeCloseTo(0.3, 2);
    const stuck = new ByteBudget(() => 0.1);
    simulate(stuck, 0.4, 1, 500);
    expect(stuck.ratio()).toBe(0);
  });

  it('starts at the target share and never leaves [0, 1]', () => {
    expect(new ByteBudget(() => 0.3).ratio()).toBe(0.3);
    expect(new ByteBudget(() => Number.NaN).ratio()).toBe(0);
    expect(new ByteBudget(() => 7).ratio()).toBe(1);
  });
});
