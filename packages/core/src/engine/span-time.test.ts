import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../model.js';
import { spanDurationNanos, spanStartSeconds, unixNanoToSeconds } from './span-time.js';

const MAX_U64 = (1n << 64n) - 1n;
const edges = [
  0n,
  1n,
  999_999n,
  1_000_000n,
  (1n << 32n) - 1n,
  1n << 32n,
  (1n << 53n) + 1n,
  1n << 63n,
  MAX_U64,
];
const time = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_U64 }),
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_900_000_000_000_000_000n }),
  fc.constantFrom(...edges),
);

function spanAt(start: bigint, end: bigint): Span {
  return { startTimeUnixNano: start, endTimeUnixNano: end } as Span;
}

describe('spanDurationNanos', () => {
  it('equals Number(end - start) bit for bit over the whole uint64 range, in either order', () => {
    fc.assert(
      fc.property(time, time, (start, end) => {
        expect(Object.is(spanDurationNanos(spanAt(start, end)), Number(end - start))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    for (const a of edges) for (const b of edges) expect(spanDurationNanos(spanAt(a, b))).toBe(Number(b - a));
  });

  it('keeps nanoseconds of real timestamps (a 1 ns span is 1, not 0 or 256)', () => {
    const start = 1_674_950_400_123_456_789n;
    expect(spanDurationNanos(spanAt(start, start + 1n))).toBe(1);
    expect(spanDurationNanos(spanAt(start + 1n, start))).toBe(-1);
  });
});

describe('unixNanoToSeconds', () => {
  it('equals Number(t / 1_000_000n) / 1000 over the whole uint64 range', () => {
    fc.assert(
      fc.property(time, (t) => {
        expect(unixNanoToSeconds(t)).toBe(Number(t / 1_000_000n) / 1000);
      }),
      { numRuns: 20_000 },
    );
    // Just below and at each millisecond boundary, where a rounded-up quotient would show.
    for (const ms of [1n, 4294n, 1_674_950_400_123n, MAX_U64 / 1_000_000n]) {
      for (const t of [ms * 1_000_000n - 1n, ms * 1_000_000n]) {
        expect(unixNanoToSeconds(t)).toBe(Number(t / 1_000_000n) / 1000);
      }
    }
  });
});

describe('spanDurationNanos with a known duration', () => {
  it("reads the span's durationNanos instead of its times, and the times when it is undefined", () => {
    const timed = { startTimeUnixNano: 10n, endTimeUnixNano: 25n, durationNanos: 15 } as unknown as Span;
    expect(spanDurationNanos(timed)).toBe(15);
    // The known duration wins: an adapter vouches for it (here deliberately different to show which is read).
    const vouched = { startTimeUnixNano: 10n, endTimeUnixNano: 25n, durationNanos: 7 } as unknown as Span;
    expect(spanDurationNanos(vouched)).toBe(7);
    const unknown = {
      startTimeUnixNano: 10n,
      endTimeUnixNano: 25n,
      durationNanos: undefined,
    } as unknown as Span;
    expect(spanDurationNanos(unknown)).toBe(15);
  });
});

describe('spanStartSeconds', () => {
  it('equals unixNanoToSeconds of the start, from a normalized startHr or the BigInt time', () => {
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state;
    };
    const pairs: [number, number][] = [
      [0, 0],
      [0, 999_999_999],
      [1_764_000_000, 999_999],
      [1_764_000_000, 1_000_000],
      [2 ** 32 - 1, 999_999_999],
    ];
    for (let k = 0; k < 20_000; k++) pairs.push([next(), next() % 1_000_000_000]);
    for (const [s, n] of pairs) {
      const start = BigInt(s) * 1_000_000_000n + BigInt(n);
      const plain = { startTimeUnixNano: start } as unknown as Span;
      const hinted = { startTimeUnixNano: start, startHr: [s, n] } as unknown as Span;
      expect(spanStartSeconds(hinted)).toBe(unixNanoToSeconds(start));
      expect(spanStartSeconds(plain)).toBe(unixNanoToSeconds(start));
    }
  });
});
