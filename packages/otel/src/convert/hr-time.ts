import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_SECOND = 1_000_000_000n;
let cachedSeconds = Number.NaN;
let cachedSecondsNanos = 0n;

/**
 * `[seconds, nanoseconds]` as exact Unix nanoseconds. Spans ending close together share their seconds,
 * so the seconds' product is cached: one BigInt conversion and one addition per call, usually.
 * Seconds or nanoseconds that are not safe integers (NaN, infinities, fractions) count as 0.
 */
export function hrTimeToNanos(time: HrTime): bigint {
  const seconds = time[0];
  if (seconds !== cachedSeconds) {
    cachedSecondsNanos = BigInt(Number.isSafeInteger(seconds) ? seconds : 0) * NANOS_PER_SECOND;
    cachedSeconds = seconds;
  }
  const nanos = time[1];
  return cachedSecondsNanos + BigInt(Number.isSafeInteger(nanos) ? nanos : 0);
}
