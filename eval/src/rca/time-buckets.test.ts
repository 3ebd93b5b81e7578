import type { Fault } from '@autoscope/formats';
import { describe, expect, it } from 'vitest';
import { bucketOf, bucketRole, caseBuckets, DEFAULT_BUCKETS, reachOf } from './time-buckets.js';

const S = 1_000_000_000n;

describe('reachOf', () => {
  it.each([
    ['defaults', DEFAULT_BUCKETS],
    [
      'guard and horizon not whole buckets',
      { bucketNanos: 30n * S, guardNanos: 31n * S, horizonNanos: 31n * S },
    ],
    ['a bucket longer than both', { bucketNanos: 90n * S, guardNanos: 20n * S, horizonNanos: 50n * S }],
  ])('covers every baseline bucket of a case (%s)', (_what, options) => {
    for (const startSeconds of [1_000_003n, 1_000_029n, 1_000_030n]) {
      const fault = { start: startSeconds * S, end: (startSeconds + 180n) * S } as Fault;
      const c = caseBuckets(fault, options);
      const earliest = c.first - c.guard - c.horizon;
      expect(bucketRole(earliest, c)).toBe('baseline');
      // The earliest baseline bucket starts at or after the case's start minus the reach.
      expect(bucketOf(fault.start - reachOf(options), options.bucketNanos)).toBeLessThanOrEqual(earliest);
    }
  });
});
