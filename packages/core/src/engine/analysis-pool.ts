import { AnalysisBuffers, MAX_SCRATCH_SPANS } from './analysis-buffers.js';
import type { TraceAnalysis } from './trace-analysis.js';

/** Capacity (spans) of the spare buffers a pool keeps at most, all size classes together (~5 MB). */
export const MAX_POOLED_SPANS = 1 << 16;
/** The smallest size class: buffers for up to 2^2 spans. */
const MIN_CLASS = 2;

/**
 * The buffers of analyses that wait between `AutoscopeEngine.analyse` and `select` (a lookback pipeline
 * holds many), recycled: `select` gives an analysis's buffers back and a later `analyse` takes them, so a
 * waiting trace allocates no arrays (new buffers cost about 1.4 µs for 4 spans and 3.4 µs for 72: three
 * off-heap typed arrays and two arrays). Capacities are powers of two, so buffers given back fit the later
 * traces of their size class; at most `MAX_POOLED_SPANS` spans' worth wait here, the rest is left to the GC.
 */
export class AnalysisPool {
  /** Spare buffers per size class (capacity 2^class). */
  private readonly spare: AnalysisBuffers[][] = [];
  /** Capacity held in `spare`. */
  private held = 0;
  /** The buffers under each analysis this pool lent and not yet taken back. */
  private readonly owners = new WeakMap<TraceAnalysis, AnalysisBuffers>();
  /** Analyses whose buffers were given back: selecting one again would read another trace's data. */
  private readonly spent = new WeakSet<TraceAnalysis>();

  /** Buffers for a trace of `n` spans (not reset); fresh ones of exactly `n` past `MAX_SCRATCH_SPANS`. */
  take(n: number): AnalysisBuffers {
    if (n > MAX_SCRATCH_SPANS) return new AnalysisBuffers(n);
    const sizeClass = n <= 1 << MIN_CLASS ? MIN_CLASS : 32 - Math.clz32(n - 1);
    let buffers = this.spare[sizeClass]?.pop();
    if (buffers === undefined) buffers = new AnalysisBuffers(2 ** sizeClass);
    else this.held -= buffers.capacity;
    buffers.lent = true;
    return buffers;
  }

  /** True when `analysis` was given back (it was selected). */
  wasSpent(analysis: TraceAnalysis): boolean {
    return this.spent.has(analysis);
  }

  /** Records the analysis made over buffers from `take`, so `giveBack` can find them. */
  made(analysis: TraceAnalysis, buffers: AnalysisBuffers): void {
    if (!buffers.lent) return;
    this.owners.set(analysis, buffers);
  }

  /** Marks `analysis` spent, and takes back its buffers if this pool lent them and they are still out. */
  giveBack(analysis: TraceAnalysis): void {
    this.spent.add(analysis); // also one over buffers of its own (past MAX_SCRATCH_SPANS): spent alike
    const buffers = this.owners.get(analysis);
    if (buffers === undefined || !buffers.lent) return;
    this.owners.delete(analysis);
    buffers.lent = false;
    // Each lend gets its own analysis object (see `take`'s caller), and spare buffers hold no trace.
    buffers.analysis = undefined;
    if (this.held + buffers.capacity > MAX_POOLED_SPANS) return;
    const sizeClass = 31 - Math.clz32(buffers.capacity);
    let list = this.spare[sizeClass];
    if (list === undefined) {
      list = [];
      this.spare[sizeClass] = list;
    }
    list.push(buffers);
    this.held += buffers.capacity;
  }

  /** Capacity (spans) of the spare buffers held now. */
  get heldSpans(): number {
    return this.held;
  }
}
