import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeOrderedQueue } from './time-ordered-queue.js';

describe('TimeOrderedQueue', () => {
  it('pops in time order, equal times in arrival order, NaN first', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(Number.NaN))), (times) => {
        const queue = new TimeOrderedQueue<number>();
        times.forEach((t, i) => {
          queue.push(t, i);
        });
        const out: number[] = [];
        for (let item = queue.pop(); item !== undefined; item = queue.pop()) out.push(item);
        const key = (t: number) => (Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t);
        const expected = times.map((_, i) => i).sort((a, b) => key(times[a]!) - key(times[b]!) || a - b);
        expect(out).toEqual(expected);
        expect(queue.size).toBe(0);
        expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});
