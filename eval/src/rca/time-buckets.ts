import type { Fault } from '@autoscope/formats';

/** How a fault case splits time into its window and its baseline, in buckets. */
export interface CaseBuckets {
  /** First and last bucket of the fault window `[start, end)`. */
  readonly first: number;
  readonly last: number;
  /** Buckets this close to the window are neither window nor baseline (onset and recovery). */
  readonly guard: number;
  /** The baseline reaches this many buckets before and after the window. */
  readonly horizon: number;
}

/** Bucket sizes and baseline reach shared by the RCA methods. */
export interface BucketOptions {
  /** Width of a time bucket. Default 30 s. */
  readonly bucketNanos: bigint;
  /** Baseline reach on each side of the window. Default 24 h (in effect all other time of a run). */
  readonly horizonNanos: bigint;
  /** Gap left out on each side of the window. Default 30 s. */
  readonly guardNanos: bigint;
}

/** Defaults: 30 s buckets, a baseline of the 24 h on each side of the window, 30 s guard. */
export const DEFAULT_BUCKETS: BucketOptions = Object.freeze({
  bucketNanos: 30_000_000_000n,
  horizonNanos: 86_400_000_000_000n,
  guardNanos: 30_000_000_000n,
});

/** The bucket a time falls in (floor division, so times before 1970 work too). */
export function bucketOf(timeUnixNano: bigint, bucketNanos: bigint): number {
  const q = timeUnixNano / bucketNanos;
  return Number(timeUnixNano < 0n && q * bucketNanos !== timeUnixNano ? q - 1n : q);
}

/** The buckets of a fault case. A window that ends before it starts is read as one instant. */
export function caseBuckets(fault: Fault, options: BucketOptions): CaseBuckets {
  const first = bucketOf(fault.start, options.bucketNanos);
  const end = fault.end > fault.start ? fault.end - 1n : fault.start;
  return {
    first,
    last: bucketOf(end, options.bucketNanos),
    guard: Number(ceilDiv(options.guardNanos, options.bucketNanos)),
    horizon: Number(ceilDiv(options.horizonNanos, options.bucketNanos)),
  };
}

/** Where a bucket lies for a case: in the window, in the baseline, or in neither. */
export function bucketRole(bucket: number, c: CaseBuckets): 'window' | 'baseline' | undefined {
  if (bucket >= c.first && bucket <= c.last) return 'window';
  if (bucket >= c.first - c.guard && bucket <= c.last + c.guard) return undefined;
  if (bucket < c.first - c.guard - c.horizon || bucket > c.last + c.guard + c.horizon) return undefined;
  return 'baseline';
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a <= 0n ? 0n : (a + b - 1n) / b;
}

/**
 * How far from a fault window, in span time, a case's buckets reach: guard and horizon rounded up to whole
 * buckets as `caseBuckets` rounds them, plus one bucket for the window's own partial bucket.
 */
export function reachOf(options: BucketOptions): bigint {
  const b = options.bucketNanos;
  return (ceilDiv(options.horizonNanos, b) + ceilDiv(options.guardNanos, b) + 1n) * b;
}
