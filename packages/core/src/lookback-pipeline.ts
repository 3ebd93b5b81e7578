import type { TraceAnalysis } from './engine/trace-analysis.js';
import type { Span, Trace } from './model.js';
import type { SampledTrace, SamplingPipeline } from './pipeline.js';
import type { TraceDecision } from './strategy.js';
import { buildTraceTree, type TraceTree } from './trace-tree.js';

/** A strategy that can learn from a trace now and select its spans later (`AutoscopeEngine`). */
export interface LookbackStrategy {
  analyse(tree: TraceTree): TraceAnalysis;
  select(analysis: TraceAnalysis, lookbackSeconds: number): TraceDecision;
}

/** Options of a `LookbackPipeline`. */
export interface LookbackOptions {
  /** Seconds of trace time a trace waits after it was analysed before its spans are selected. */
  readonly lookbackSeconds: number;
  /** Traces waiting at most; past it the oldest is selected early (bounds memory). Default 20 000. */
  readonly maxPending?: number;
}

interface Pending {
  readonly trace: Trace;
  readonly analysis: TraceAnalysis;
  readonly late: Span[];
}

/**
 * Delays each trace's selection by `lookbackSeconds` of trace time, while learning from it at once. A
 * fault shows in a service's behaviour over many spans, so a service turns hot some time after its first
 * faulty spans; with the delay, traces from just before that moment are selected with the service
 * already hot, and keep its spans too. Spans arriving late for a waiting trace join it as late spans.
 *
 * Memory: the waiting traces, at most `lookbackSeconds` of input (and at most `maxPending` traces).
 */
export class LookbackPipeline {
  readonly pipeline: SamplingPipeline;
  private readonly strategy: LookbackStrategy;
  private readonly options: LookbackOptions;
  private readonly pending = new Map<string, Pending>();
  private latest = Number.NEGATIVE_INFINITY;

  constructor(pipeline: SamplingPipeline, strategy: LookbackStrategy, options: LookbackOptions) {
    this.pipeline = pipeline;
    this.strategy = strategy;
    this.options = options;
  }

  /** Traces waiting for selection. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Adds a complete trace; returns the traces whose lookback has passed, oldest first. */
  submit(trace: Trace): SampledTrace[] {
    const analysis = this.strategy.analyse(buildTraceTree(trace));
    if (this.pending.has(trace.traceId)) this.release(this.pending.get(trace.traceId)!);
    this.pending.set(trace.traceId, { trace, analysis, late: [] });
    if (analysis.time > this.latest) this.latest = analysis.time;
    return this.releaseDue();
  }

  /** Adds spans that arrived after their trace was complete. */
  submitLate(trace: Trace): SampledTrace[] {
    const waiting = this.pending.get(trace.traceId);
    if (waiting === undefined) return [this.pipeline.processLate(trace)];
    waiting.late.push(...trace.spans);
    return [];
  }

  /** Selects every waiting trace (end of input). */
  drain(): SampledTrace[] {
    const out: SampledTrace[] = [];
    for (const entry of [...this.pending.values()]) out.push(...this.release(entry));
    return out;
  }

  private releaseDue(): SampledTrace[] {
    const out: SampledTrace[] = [];
    const max = this.options.maxPending ?? 20_000;
    for (const entry of this.pending.values()) {
      const due = entry.analysis.time <= this.latest - this.options.lookbackSeconds;
      if (!due && this.pending.size <= max) break;
      out.push(...this.release(entry));
    }
    return out;
  }

  private release(entry: Pending): SampledTrace[] {
    this.pending.delete(entry.trace.traceId);
    const decision = this.strategy.select(entry.analysis, this.options.lookbackSeconds);
    const out = [this.pipeline.emit(entry.trace, decision)];
    if (entry.late.length > 0)
      out.push(this.pipeline.processLate({ traceId: entry.trace.traceId, spans: entry.late }));
    return out;
  }
}
