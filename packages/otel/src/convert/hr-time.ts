import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_SECOND = 1_000_000_000n;
const TWO_16 = 65536;
const TWO_32 = 4294967296;
/** One reused 64-bit slot, written as two 32-bit halves and read back as one BigInt. */
const slot = new BigUint64Array(1);
const halves = new Uint32Array(slot.buffer);
/** Index of the low 32-bit half in `halves` (platform byte order). */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;
let cachedSeconds = Number.NaN;
let cachedSecondsNanos = 0n;

/**
 * `[seconds, nanoseconds]` as exact Unix nanoseconds. Seconds and nanoseconds in [0, 2^32) (every SDK
 * time until 2106) are combined in doubles, each step exact, into the two 32-bit halves of a reused
 * 64-bit slot, read back as one BigInt: no BigInt arithmetic and one BigInt allocated, not two (the
 * conversion and the sum). Other values take the BigInt path; seconds or nanoseconds that are not safe
 * integers (NaN, infinities, fractions) count as 0.
 */
export function hrTimeToNanos(time: HrTime): bigint {
  const seconds = time[0];
  const nanos = time[1];
  if (seconds >>> 0 !== seconds || nanos >>> 0 !== nanos) return bigIntNanos(seconds, nanos);
  // seconds = a * 2^16 + b, so seconds * 1e9 = (a * 1e9) * 2^16 + b * 1e9 with every product below 2^47.
  const a = (seconds / TWO_16) | 0;
  const b = seconds - a * TWO_16;
  const y = a * 1e9;
  const yHigh = Math.floor(y / TWO_16);
  // The total is yHigh * 2^32 + z, z below 2^48.
  const z = (y - yHigh * TWO_16) * TWO_16 + b * 1e9 + nanos;
  const zHigh = Math.floor(z / TWO_32);
  halves[HIGH] = yHigh + zHigh;
  halves[LOW] = z - zHigh * TWO_32;
  return slot[0]!;
}

/** The BigInt path, for times outside [0, 2^32) in either part (the seconds' product cached). */
function bigIntNanos(seconds: number, nanos: number): bigint {
  if (seconds !== cachedSeconds) {
    cachedSecondsNanos = BigInt(Number.isSafeInteger(seconds) ? seconds : 0) * NANOS_PER_SECOND;
    cachedSeconds = seconds;
  }
  return cachedSecondsNanos + BigInt(Number.isSafeInteger(nanos) ? nanos : 0);
}

/** Seconds apart below which `[seconds, nanos]` differences are exact in doubles (2^22 s, about 48 days). */
const MAX_EXACT_SECONDS = 4194304;

/**
 * `Number(hrTimeToNanos(end) - hrTimeToNanos(start))` without a BigInt, when all four parts are in
 * [0, 2^32) and the seconds less than 2^22 apart (the difference is then below 2^53 and every step
 * exact); undefined otherwise.
 */
export function hrDurationNanos(start: HrTime, end: HrTime): number | undefined {
  const s0 = start[0];
  const n0 = start[1];
  const s1 = end[0];
  const n1 = end[1];
  if (s0 >>> 0 !== s0 || n0 >>> 0 !== n0 || s1 >>> 0 !== s1 || n1 >>> 0 !== n1) return undefined;
  const seconds = s1 - s0;
  if (seconds >= MAX_EXACT_SECONDS || seconds <= -MAX_EXACT_SECONDS) return undefined;
  return seconds * 1e9 + (n1 - n0);
}

/** True when both parts are integers in [0, 2^32) and the nanoseconds below 1e9 (pairs then order as times). */
export function isNormalHrTime(time: HrTime): boolean {
  const seconds = time[0];
  const nanos = time[1];
  return seconds >>> 0 === seconds && nanos >>> 0 === nanos && nanos < 1_000_000_000;
}
