import type { KeepReason } from '../strategy.js';
import type { SpanLabel, SpanSource } from './span-labels.js';
import type { ReusedTraceAnalysis } from './trace-analysis.js';

/** Traces above this many spans get buffers of their own (the engine's scratch does not grow past it). */
export const MAX_SCRATCH_SPANS = 1 << 16;

/**
 * The per-span arrays of a `TraceAnalysis`, sized for `capacity` spans. `AutoscopeEngine.decide` reuses
 * one set across traces (analysis and selection are synchronous), so a decision allocates no per-span
 * arrays; arrays may be longer than the trace: code reads them by span index, never by their length.
 */
export class AnalysisBuffers {
  readonly capacity: number;
  readonly labels: SpanLabel[];
  /** The trace's sources: a new short array per trace, set by `prepareSpans` (cheaper than truncating one). */
  sources: SpanSource[] = [];
  readonly sourceOf: Int32Array;
  readonly mandatory: (KeepReason | undefined)[];
  readonly z: Float64Array;
  readonly slowdown: Float64Array;
  readonly priority: Float64Array;
  readonly units: Float64Array;
  readonly keptUnits: Float64Array;
  readonly weight: Float64Array;
  readonly sourceUnits: Float64Array;
  /** Span durations in nanoseconds, for scoring (not part of the analysis). */
  readonly durations: Float64Array;
  readonly gapAnomaly: Uint8Array;
  readonly rareBranch: Uint8Array;
  readonly repeat: Uint8Array;
  readonly implied: Uint8Array;
  readonly modelImplied: Uint8Array;
  readonly preferred: Uint8Array;
  /** The analysis over these arrays, made by the first `prepareSpans` and reused by the next ones. */
  analysis: ReusedTraceAnalysis | undefined;
  /** Out of an `AnalysisPool` (taken, not yet given back). */
  lent = false;

  constructor(capacity: number) {
    const n = capacity;
    this.capacity = n;
    this.labels = new Array<SpanLabel>(n);
    this.mandatory = new Array<KeepReason | undefined>(n).fill(undefined);
    this.sourceOf = new Int32Array(n);
    // One allocation for the numbers (8 float arrays) and one for the flags (6 byte arrays).
    const numbers = new Float64Array(8 * n);
    const floats = (k: number) => numbers.subarray(k * n, (k + 1) * n);
    this.z = floats(0);
    this.priority = floats(1);
    this.units = floats(2);
    this.keptUnits = floats(3);
    this.weight = floats(4);
    this.sourceUnits = floats(5);
    this.durations = floats(6);
    this.slowdown = floats(7);
    const block = new Uint8Array(6 * n);
    const flags = (k: number) => block.subarray(k * n, (k + 1) * n);
    this.gapAnomaly = flags(0);
    this.rareBranch = flags(1);
    this.repeat = flags(2);
    this.implied = flags(3);
    this.modelImplied = flags(4);
    this.preferred = flags(5);
  }

  /** Resets the first `n` entries for a new trace of `n` spans (`n <= capacity`). */
  reset(n: number): void {
    // One loop of stores: cheaper than eleven `fill` calls at every trace size measured (4 to 200 spans).
    for (let i = 0; i < n; i++) {
      this.mandatory[i] = undefined;
      this.z[i] = 0;
      this.priority[i] = 0.5;
      this.weight[i] = 1;
      this.sourceUnits[i] = 0;
      this.gapAnomaly[i] = 0;
      this.rareBranch[i] = 0;
      this.repeat[i] = 0;
      this.implied[i] = 0;
      this.modelImplied[i] = 0;
      this.preferred[i] = 0;
    }
  }
}

/**
 * Per-trace temporaries of selection and heat (per-source heat and counts, per-source written flag),
 * reused across traces. `grow(n)` only sizes them: users zero what they read.
 */
export class TraceScratch {
  hot = new Float64Array(64);
  anomalous = new Float64Array(64);
  total = new Float64Array(64);
  written = new Uint8Array(64);

  /** Makes every array at least `n` long (contents are then undefined). */
  grow(n: number): this {
    if (this.hot.length >= n) return this;
    const size = Math.max(n, 2 * this.hot.length);
    this.hot = new Float64Array(size);
    this.anomalous = new Float64Array(size);
    this.total = new Float64Array(size);
    this.written = new Uint8Array(size);
    return this;
  }
}
