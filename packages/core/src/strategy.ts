import type { Span } from './model.js';
import type { TraceTree } from './trace-tree.js';

/**
 * Why a span keeps its full data. Span-level strategies keep the root of every trace (`root`);
 * trace-level strategies keep whole traces (`sampled`).
 */
export type KeepReason =
  | 'root'
  | 'error'
  | 'critical'
  | 'new_structure'
  | 'anomaly'
  | 'service_anomaly'
  | 'branch_pin'
  | 'repeat_outlier'
  | 'budget'
  | 'late'
  | 'sampled';

/** Why a span was dropped (it may still appear as a placeholder or in a summary, by output mode). */
export type DropReason = 'implied' | 'repeat' | 'normal' | 'over_budget' | 'not_sampled' | 'low_priority';

/** The decision for one span: data, never a mutation of the span. */
export interface SpanDecision {
  readonly keep: boolean;
  readonly reason: KeepReason | DropReason;
  /** How interesting the span looked, for ranking and reports (higher is more interesting; 0 when unscored). */
  readonly score: number;
}

/** Decisions for every span of a trace, aligned with `tree.spans`. */
export interface TraceDecision {
  readonly tree: TraceTree;
  readonly decisions: readonly SpanDecision[];
}

/**
 * A sampling strategy: the engine and every baseline implement this one interface, so they can be run
 * through the same contract tests and the same evaluation.
 *
 * `decide` is called once per complete trace, in arrival order. A strategy may learn from what it sees
 * (statistics, structure), but must be deterministic for the same input sequence and seed.
 */
export interface SamplingStrategy {
  /** Short stable name, e.g. `autoscope`, `head`. */
  readonly name: string;
  /** `true` when the strategy keeps or drops whole traces rather than single spans. */
  readonly traceLevel: boolean;
  /** One line describing the configuration, for logs and reports. */
  describe(): string;
  /** Decides which spans of a complete trace keep their full data. */
  decide(tree: TraceTree): TraceDecision;
  /**
   * Optional: told the spans actually written for a decision (kept spans with the attributes the output
   * adds, placeholders, summaries), so a byte budget can be held on what is written, not on an estimate.
   */
  observeOutput?(decision: TraceDecision, written: readonly Span[]): void;
}

/** Creates a strategy with a target kept fraction (of bytes or spans, per the strategy) and a seed. */
export type StrategyFactory = (options: {
  readonly keepRatio: number;
  readonly seed: number;
}) => SamplingStrategy;

/** Convenience for strategies: a kept decision. */
export function keep(reason: KeepReason, score = 0): SpanDecision {
  return { keep: true, reason, score };
}

/** Convenience for strategies: a dropped decision. */
export function drop(reason: DropReason, score = 0): SpanDecision {
  return { keep: false, reason, score };
}
