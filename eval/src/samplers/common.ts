import {
  type DropReason,
  durationNanos,
  InvalidOptionError,
  isErrorSpan,
  type KeepReason,
  type SpanDecision,
  type TraceTree,
} from '@autoscope/core';

/** Checks a sampler's `keepRatio` (0..1, finite); throws `InvalidOptionError` naming the option. */
export function checkKeepRatio(keepRatio: number, sampler: string): number {
  if (!(keepRatio >= 0 && keepRatio <= 1)) {
    throw new InvalidOptionError(`${sampler}.keepRatio`, `must be a number from 0 to 1, got ${keepRatio}`);
  }
  return keepRatio;
}

/** The budget options every budgeted baseline takes. */
export interface BudgetedSamplerOptions {
  /** Target kept fraction, 0..1 (of traces or spans: each sampler says which). */
  readonly keepRatio: number;
  /** Salt of the sampler's hash, so runs are repeatable and independent of each other. */
  readonly seed: number;
  /**
   * The live kept fraction to aim at, read on every trace in place of `keepRatio` (which stays the
   * starting value). The evaluation sets it to hold an equal byte budget against another sampler.
   */
  readonly target?: () => number;
}

/** A sampler's current kept fraction: its live `target` when it has one, else `keepRatio`; clamped to [0, 1]. */
export function liveKeepRatio(options: Pick<BudgetedSamplerOptions, 'keepRatio' | 'target'>): number {
  return clampUnit(options.target?.() ?? options.keepRatio);
}

/** The same decision for every span of the tree (trace-level samplers). */
export function wholeTrace(tree: TraceTree, decision: SpanDecision): SpanDecision[] {
  return tree.spans.map(() => decision);
}

/** A kept decision (frozen, shareable). */
export function kept(reason: KeepReason, score = 0): SpanDecision {
  return Object.freeze({ keep: true, reason, score });
}

/** A dropped decision (frozen, shareable). */
export function dropped(reason: DropReason, score = 0): SpanDecision {
  return Object.freeze({ keep: false, reason, score });
}

/** True when any span of the tree reports an error. */
export function hasErrorSpan(tree: TraceTree): boolean {
  return tree.spans.some(isErrorSpan);
}

/**
 * Trace duration in nanoseconds, first start to last end, as the Collector's `latency` policy measures it;
 * 0 for an empty trace or when clocks disagree.
 */
export function traceDurationNanos(tree: TraceTree): number {
  const first = tree.spans[0];
  if (first === undefined) return 0;
  let start = first.startTimeUnixNano;
  let end = first.endTimeUnixNano;
  for (const span of tree.spans) {
    if (span.startTimeUnixNano < start) start = span.startTimeUnixNano;
    if (span.endTimeUnixNano > end) end = span.endTimeUnixNano;
  }
  return Math.max(0, Number(end - start));
}

/** A span's duration in nanoseconds, clamped at 0 when clocks disagree. */
export function spanNanos(tree: TraceTree, index: number): number {
  const span = tree.spans[index];
  return span === undefined ? 0 : Math.max(0, durationNanos(span));
}

/** Clamps to [0, 1]; NaN becomes 0. */
export function clampUnit(value: number): number {
  if (!(value > 0)) return 0;
  return Math.min(value, 1);
}
