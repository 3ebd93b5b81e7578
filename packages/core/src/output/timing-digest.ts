import { type MaybeTimedSpan, spanDurationNanos } from '../engine/span-time.js';
import { durationNanos, type Span } from '../model.js';
import { labelOf } from '../structure/shape-hash.js';
import type { TraceTree } from '../trace-tree.js';

/**
 * The timing digest (`autoscope.timing`) of a kept span with dropped descendants: one byte per value, each
 * a self time on a log scale. Byte 0 is the kept span's own self time (its duration less all its children's
 * in the original trace, which its output children no longer tell); then, for each group of the dropped
 * spans in its residual region, in ascending `digestKey` order, the mean of their log self times. A group
 * is a label (service and name) and, for a span whose only child runs in another service (a call), that
 * service: the call's self time is its network and queueing gap. With the residual shape (which says how
 * many spans of each label were dropped and where, and which children each has), a reader gets the
 * per-operation latency of the spans the sampler dropped: enough for per-service latency analysis, within
 * the quantisation below.
 *
 * A value v stands for a self time of (2^(v / TIMING_STEPS_PER_DOUBLING) - 1) microseconds: steps of
 * 2^(1/8), about 9%, up to 255 (about 69 minutes; longer times are clamped).
 */
export const TIMING_STEPS_PER_DOUBLING = 8;

/** The largest value a digest byte holds. */
export const MAX_TIMING_VALUE = 255;
const MAX_VALUE = MAX_TIMING_VALUE;

/** The quantised log value of a self time in nanoseconds (negative counts as 0). */
export function timingValue(selfNanos: number): number {
  const micros = selfNanos > 0 ? selfNanos / 1000 : 0;
  const v = Math.round(Math.log2(1 + micros) * TIMING_STEPS_PER_DOUBLING);
  return Math.min(v, MAX_VALUE);
}

/**
 * Span i's self time as an unrounded timing value (from every span's `spanDurationOf`): what a digest
 * averages over a group of dropped spans before rounding.
 */
export function logSelfTime(tree: TraceTree, duration: Float64Array, i: number): number {
  return Math.log2(1 + selfTimeOf(tree, duration, i) / 1000) * TIMING_STEPS_PER_DOUBLING;
}

/** The self time in nanoseconds a quantised value (or a mean of them) stands for. */
export function timingNanos(value: number): number {
  return (2 ** (value / TIMING_STEPS_PER_DOUBLING) - 1) * 1000;
}

/** The order in which a digest lists the groups of a region's dropped spans: distinct `digestKey`s, ascending. */
export function digestKeyOrder(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Self time of every span of a tree: its duration less its children's, at least 0. O(spans). */
export function selfTimes(tree: TraceTree): Float64Array {
  const n = tree.spans.length;
  return selfTimesInto(tree, new Float64Array(n), new Float64Array(n));
}

/** `selfTimes` written into `self`, with `duration` as scratch (both of at least `tree.spans.length`). */
export function selfTimesInto(tree: TraceTree, duration: Float64Array, self: Float64Array): Float64Array {
  const n = tree.spans.length;
  for (let i = 0; i < n; i++) duration[i] = spanDurationOf(tree.spans[i]!);
  for (let i = 0; i < n; i++) self[i] = selfTimeOf(tree, duration, i);
  return self;
}

/** Span i's self time from every span's `spanDurationOf` (its duration less its children's, at least 0). */
export function selfTimeOf(tree: TraceTree, duration: Float64Array, i: number): number {
  const kids = tree.children[i]!;
  let rest = duration[i]!;
  for (let k = 0; k < kids.length; k++) rest -= duration[kids[k]!]!;
  return rest > 0 ? rest : 0;
}

/** A span's duration in nanoseconds, at least 0 (as `durationNanos`, without BigInt arithmetic). */
export function spanDurationOf(span: Span): number {
  return Math.max(0, durationOf(span));
}

const TWO_64 = 1n << 64n;

/**
 * `durationNanos(span)`, without a BigInt per span for times in [0, 2^64) (every OTLP timestamp), where
 * `spanDurationNanos` gives the same number bit for bit; other times take the BigInt subtraction.
 */
function durationOf(span: Span): number {
  const known = (span as MaybeTimedSpan).durationNanos;
  if (known !== undefined) return known;
  const start = span.startTimeUnixNano;
  const end = span.endTimeUnixNano;
  return start >= 0n && end >= 0n && start < TWO_64 && end < TWO_64
    ? spanDurationNanos(span)
    : durationNanos(span);
}

/** The service of span i's only child when it runs in another service, else ''. */
export function calleeIn(tree: TraceTree, i: number): string {
  const kids = tree.children[i]!;
  if (kids.length !== 1) return '';
  const service = tree.spans[kids[0]!]!.resource.serviceName;
  return service === tree.spans[i]!.resource.serviceName ? '' : service;
}

/** What a digest groups dropped spans by: their label, and the service they call when they are a call. */
export function digestKey(service: string, name: string, callee: string): string {
  return `${labelOf(service, name)}\u0001${callee}`;
}
