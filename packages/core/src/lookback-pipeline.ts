import type { TraceAnalysis } from './engine/trace-analysis.js';
import type { Span, Trace } from './model.js';
import type { SampledTrace, SamplingPipeline } from './pipeline.js';
import type { TraceDecision } from './strategy.js';
import { TimeOrderedQueue } from './time-ordered-queue.js';
import { buildTraceTree, type TraceTree } from './trace-tree.js';

/** A strategy that can learn from a trace now and select its spans later (`AutoscopeEngine`). */
export interface LookbackStrategy {
  analyse(tree: TraceTree): TraceAnalysis;
  select(analysis: TraceAnalysis, lookbackSeconds: number): TraceDecision;
}

/** Options of a `LookbackPipeline`. Times are seconds of trace time (the root span's start). */
export interface LookbackOptions {
  /** How long a trace waits after it was analysed before its spans are selected. */
  readonly lookbackSeconds: number;
  /**
   * How far out of time order traces may arrive (files exported per minute, assembly by completion):
   * each is analysed once the input is this far past it, in time order. Default 0.
   */
  readonly reorderSeconds?: number;
  /** Traces waiting at most; past it the oldest moves on early (bounds memory). Default 20 000. */
  readonly maxPending?: number;
  /**
   * Spans waiting at most (late ones included); past it the oldest traces move on early, so memory is
   * bounded however dense the input is in time. Default 1 000 000.
   */
  readonly maxPendingSpans?: number;
}

interface Waiting {
  readonly trace: Trace;
  /** Built when the trace is analysed (or at once when its root time needs it), so it waits less. */
  tree: TraceTree | undefined;
  readonly time: number;
  readonly late: Span[];
  analysis?: TraceAnalysis;
}

/**
 * Learns from traces in time order and selects each one `lookbackSeconds` later. A fault shows in a
 * service's behaviour over many spans, so a service turns hot some time after its first faulty spans;
 * with the delay, traces from just before that moment are selected with the service already hot and keep
 * its spans too. Traces that arrive out of order by up to `reorderSeconds` are put back in order first, so
 * heat and budget follow the system's time, not the export's. Late spans of a waiting trace join it.
 *
 * Memory: the waiting traces, `reorderSeconds + lookbackSeconds` of input (at most `maxPending` traces
 * and `maxPendingSpans` spans).
 */
export class LookbackPipeline {
  readonly pipeline: SamplingPipeline;
  private readonly strategy: LookbackStrategy;
  private readonly options: LookbackOptions;
  private readonly arriving = new TimeOrderedQueue<Waiting>();
  /** Analysed traces, in time order (Map keeps insertion order). */
  private readonly analysed = new Map<string, Waiting>();
  private readonly byId = new Map<string, Waiting>();
  private latest = Number.NEGATIVE_INFINITY;
  private pendingSpans = 0;

  constructor(pipeline: SamplingPipeline, strategy: LookbackStrategy, options: LookbackOptions) {
    this.pipeline = pipeline;
    this.strategy = strategy;
    this.options = options;
  }

  /** Traces waiting for selection. */
  get waiting(): number {
    return this.byId.size;
  }

  /** Spans of the traces waiting for selection, late ones included. */
  get waitingSpans(): number {
    return this.pendingSpans;
  }

  /**
   * Adds a complete trace; returns the traces whose wait is over, in time order. `built` is the trace's
   * tree when the caller has it already (it must be `buildTraceTree(trace)`, and nobody may change it),
   * so it is not built twice.
   */
  submit(trace: Trace, built?: TraceTree): SampledTrace[] {
    const earlier = this.byId.get(trace.traceId);
    if (earlier !== undefined) return this.join(earlier, trace.spans);
    // A tree of another trace (a caller's mistake) is not used: the trace's own is built instead.
    const given = built?.traceId === trace.traceId ? built : undefined;
    const rootStart = given === undefined ? plainRootStart(trace.spans) : undefined;
    const tree = given ?? (rootStart === undefined ? buildTraceTree(trace) : undefined);
    const time = tree === undefined ? seconds(rootStart!) : traceTime(tree);
    const entry: Waiting = { trace, tree, time, late: [] };
    this.byId.set(trace.traceId, entry);
    this.pendingSpans += trace.spans.length;
    this.arriving.push(time, entry);
    if (time > this.latest) this.latest = time;
    return this.advance(false);
  }

  /** Adds spans that arrived after their trace was complete. */
  submitLate(trace: Trace): SampledTrace[] {
    const waiting = this.byId.get(trace.traceId);
    if (waiting === undefined) return [this.pipeline.processLate(trace)];
    return this.join(waiting, trace.spans);
  }

  /** Analyses and selects every waiting trace (end of input). */
  drain(): SampledTrace[] {
    return this.advance(true);
  }

  /** Adds spans to a waiting trace; traces move on early if that makes too many spans wait. */
  private join(waiting: Waiting, spans: readonly Span[]): SampledTrace[] {
    for (const span of spans) waiting.late.push(span);
    this.pendingSpans += spans.length;
    return this.overfull() ? this.advance(false) : [];
  }

  private overfull(): boolean {
    return (
      this.byId.size > (this.options.maxPending ?? 20_000) ||
      this.pendingSpans > (this.options.maxPendingSpans ?? 1_000_000)
    );
  }

  private advance(all: boolean): SampledTrace[] {
    const reorder = this.options.reorderSeconds ?? 0;
    while (this.arriving.size > 0 && (all || this.arriving.peekTime() <= this.latest - reorder))
      this.analyseNext();
    const out: SampledTrace[] = [];
    const horizon = this.latest - reorder - this.options.lookbackSeconds;
    for (const entry of this.analysed.values()) {
      if (!all && entry.time > horizon) break;
      out.push(...this.release(entry));
    }
    // Too much waits: the oldest traces move on early, one at a time, so the rest stay in time order.
    while (this.overfull()) {
      if (this.analysed.size === 0 && this.arriving.size > 0) this.analyseNext();
      const oldest = this.analysed.values().next().value;
      if (oldest === undefined) break;
      out.push(...this.release(oldest));
    }
    return out;
  }

  private analyseNext(): void {
    const entry = this.arriving.pop()!;
    entry.tree ??= buildTraceTree(entry.trace);
    entry.analysis = this.strategy.analyse(entry.tree);
    this.analysed.set(entry.trace.traceId, entry);
  }

  private release(entry: Waiting): SampledTrace[] {
    this.analysed.delete(entry.trace.traceId);
    this.byId.delete(entry.trace.traceId);
    this.pendingSpans -= entry.trace.spans.length + entry.late.length;
    const decision = this.strategy.select(entry.analysis!, this.options.lookbackSeconds);
    const out = [this.pipeline.emit(entry.trace, decision)];
    if (entry.late.length > 0)
      out.push(this.pipeline.processLate({ traceId: entry.trace.traceId, spans: entry.late }));
    return out;
  }
}

/** Seconds of the root span's start (as the engine's trace time); 0 for an empty trace. */
function traceTime(tree: TraceTree): number {
  const root = tree.tops[0];
  if (root === undefined) return 0;
  return seconds(tree.spans[root]!.startTimeUnixNano);
}

function seconds(unixNano: bigint): number {
  return Number(unixNano / 1_000_000n) / 1000;
}

/** Spans without a parent id looked at most by `plainRootStart` before it leaves the answer to the tree. */
const MAX_PLAIN_ROOTS = 4;

/**
 * The start of the trace's root as `buildTraceTree` would choose it, without building the tree: the
 * earliest span with no parent id that is not a repeat of an earlier span's id. Undefined when there is
 * none (the root is then the earliest top-level span, which takes the tree) or too many to check cheaply.
 */
export function plainRootStart(spans: readonly Span[]): bigint | undefined {
  let start: bigint | undefined;
  let roots = 0;
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k]!;
    if (span.parentSpanId !== '') continue;
    if (++roots > MAX_PLAIN_ROOTS) return undefined;
    if (repeatsEarlierId(spans, k)) continue;
    if (start === undefined || span.startTimeUnixNano < start) start = span.startTimeUnixNano;
  }
  return start;
}

function repeatsEarlierId(spans: readonly Span[], k: number): boolean {
  const id = spans[k]!.spanId;
  for (let j = 0; j < k; j++) if (spans[j]!.spanId === id) return true;
  return false;
}
