import type { Span } from '../model.js';

/**
 * Span times read without BigInt arithmetic. `Number(end - start)` allocates a BigInt per span (a
 * subtraction result that is at once garbage): here both times are stored into one reused 64-bit slot
 * pair and read back as 32-bit halves, whose differences are small exact doubles.
 */
const slots = new BigUint64Array(2);
const halves = new Uint32Array(slots.buffer);
/** Index of the low 32-bit half of a 64-bit slot in `halves` (platform byte order). */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;
const TWO_32 = 4294967296;

/**
 * A span that may know its duration without its BigInt times: an adapter whose times are made on demand
 * (the OpenTelemetry processor's engine span) sets `durationNanos` to exactly
 * `Number(endTimeUnixNano - startTimeUnixNano)` when both times are in [0, 2^64), else leaves it undefined.
 * `spanDurationNanos` and the output's `spanDurationOf` read it instead of the two times.
 */
export interface MaybeTimedSpan extends Span {
  readonly durationNanos?: number | undefined;
  /**
   * The start as `[seconds, nanos]`, both integers in [0, 2^32) and nanos below 1e9 (so such pairs order
   * as the times do), or undefined: `spanStartSeconds` and the tree's sibling order read it.
   */
  readonly startHr?: readonly [number, number] | undefined;
}

/**
 * `unixNanoToSeconds(span.startTimeUnixNano)`, from the span's `startHr` when it has one (exact: the
 * milliseconds are `seconds * 1000 + floor(nanos / 1e6)`, an integer below 2^53).
 */
export function spanStartSeconds(span: Span): number {
  const hr = (span as MaybeTimedSpan).startHr;
  if (hr === undefined) return unixNanoToSeconds(span.startTimeUnixNano);
  return (hr[0] * 1000 + Math.floor(hr[1] / 1_000_000)) / 1000;
}

/**
 * `Number(span.endTimeUnixNano - span.startTimeUnixNano)` (or the span's own `durationNanos`, see
 * `MaybeTimedSpan`), bit for bit, for times in [0, 2^64) (every
 * OTLP timestamp: a fixed64); times outside that range are taken modulo 2^64. The two halves' differences
 * are exact, so their sum is rounded once, as the BigInt's conversion is.
 */
export function spanDurationNanos(span: Span): number {
  const known = (span as MaybeTimedSpan).durationNanos;
  if (known !== undefined) return known;
  slots[0] = span.endTimeUnixNano;
  slots[1] = span.startTimeUnixNano;
  return (halves[HIGH]! - halves[2 + HIGH]!) * TWO_32 + (halves[LOW]! - halves[2 + LOW]!);
}

/**
 * `Number(unixNano / 1_000_000n) / 1000` (seconds, truncated to the millisecond) for times in [0, 2^64),
 * modulo 2^64 outside. With `unixNano = high * 2^32 + low` and `2^32 = 4294 * 10^6 + 967296`, the
 * milliseconds are `high * 4294 + floor((high * 967296 + low) / 10^6)`; every term is an exact integer
 * below 2^53 and the division cannot round up to the next integer (its quotient is below 2^33).
 */
export function unixNanoToSeconds(unixNano: bigint): number {
  slots[0] = unixNano;
  const high = halves[HIGH]!;
  const rest = high * 967296 + halves[LOW]!;
  return (high * 4294 + Math.floor(rest / 1_000_000)) / 1000;
}
