import type { KeepReason } from '../strategy.js';
import type { TraceTree } from '../trace-tree.js';
import type { SpanLabel, SpanSource } from './span-labels.js';

/**
 * What the engine learned about one trace before selecting: per-span labels, scores and marks, aligned
 * with `tree.spans`. Produced by `AutoscopeEngine.analyse`, consumed by `AutoscopeEngine.select`.
 */
export interface TraceAnalysis {
  readonly tree: TraceTree;
  readonly labels: readonly SpanLabel[];
  /** The distinct sources (service instances) of the trace, in order of first span. */
  readonly sources: readonly SpanSource[];
  /** Index into `sources` of each span's source. */
  readonly sourceOf: Int32Array;
  /** A reason that keeps the span whatever the budget (root, error, critical, new structure), if any. */
  readonly mandatory: readonly (KeepReason | undefined)[];
  /** Revised Z-score (the larger of duration and self time; 0 while statistics are cold). */
  readonly z: Float64Array;
  /**
   * How many times slower than usual the span's own time is (a leaf's duration, a parent's self time):
   * that time over the larger of its key's median and `SLOWDOWN_FLOOR_NANOS` (1 ms), when its revised
   * Z-score is at least `zThreshold`; 0 otherwise. Ranks anomalies where the capped score cannot.
   */
  readonly slowdown: Float64Array;
  /** The span's service looked anomalous through a call into it (gap between caller and callee). */
  readonly gapAnomaly: Uint8Array;
  /** The span is the branch point of a rarely taken branch. */
  readonly rareBranch: Uint8Array;
  /** The span belongs to a repeat group (same label, same parent, at least `repeatThreshold` times). */
  readonly repeat: Uint8Array;
  /** The span's children are implied by it (the parent label always had these children). */
  readonly implied: Uint8Array;
  /** The static model says the span comes with its parent or a sibling (mandatory edge, dominant set). */
  readonly modelImplied: Uint8Array;
  /** The span is among the top-k by Z-score of its parent's children (a dominant set), with a score above 0. */
  readonly preferred: Uint8Array;
  /** Preference from the static configuration: priority in [0, 1], 0.5 when the span is not listed. */
  readonly priority: Float64Array;
  /**
   * What the configuration's rule makes of the span's score (`ruleWeight`): 1 when not listed, above 1
   * for a span the analyzer samples (1 + its importance), below 1 for one it does not (or `normal`).
   */
  readonly weight: Float64Array;
  /** Budget units of each span as it arrived (estimated bytes, or 1). */
  readonly units: Float64Array;
  /** Budget units of each span if kept: as it will be written, with Autoscope's attributes (bytes mode). */
  readonly keptUnits: Float64Array;
  /** Budget units of each source's resource, written once per trace for each source with a kept span. */
  readonly sourceUnits: Float64Array;
  /** Trace time in seconds (start of the root span). */
  readonly time: number;
}

/** A `TraceAnalysis` whose per-trace fields `prepareSpans` rewrites when its buffers are reused. */
export type ReusedTraceAnalysis = { -readonly [K in keyof TraceAnalysis]: TraceAnalysis[K] };
