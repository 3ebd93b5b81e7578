import { DecidedTraceMemory } from './decided-trace-memory.js';
import type { StructureMode } from './engine/options.js';
import { InvalidOptionError } from './errors.js';
import type { Span, Trace } from './model.js';
import { AutoscopeAttributes } from './output/attributes.js';
import { materialize } from './output/materialize.js';
import type { SamplingStrategy, TraceDecision } from './strategy.js';
import { ShapePublisher } from './structure/shape-dictionary.js';
import { buildTraceTree } from './trace-tree.js';

/** Counts of what a pipeline saw and wrote; every field is a running total. */
export interface SamplingSummary {
  traces: number;
  spansIn: number;
  spansOut: number;
  /** Spans kept with full data. */
  spansKept: number;
  duplicates: number;
  brokenLinks: number;
  lateSpans: number;
  /** Kept spans per reason. */
  readonly kept: Record<string, number>;
  /** Dropped spans per reason. */
  readonly dropped: Record<string, number>;
}

/** The output of one trace. */
export interface SampledTrace {
  readonly traceId: string;
  readonly spans: readonly Span[];
  readonly decision: TraceDecision | undefined;
  /** The spans that came in for this output (a trace, or the late spans of one). */
  readonly input: readonly Span[];
}

/** Options of a `SamplingPipeline`. */
export interface PipelineOptions {
  readonly structure: StructureMode;
  readonly annotate: boolean;
  /** Write `autoscope.timing` digests (default true). */
  readonly timing?: boolean;
  /** Decided traces remembered for late spans: an integer in [0, 100 000 000] (default 10 000). */
  readonly decidedCacheSize?: number;
  /**
   * Span ids remembered for late spans, over all decided traces: the ids every remembered trace had and
   * the ids exported for it (8 bytes each), and those of its late spans (~40 bytes each). Past it the
   * oldest traces are forgotten, so memory is bounded whatever the input size and however large its
   * traces. An integer in [0, 2^28]. Default 32 per trace of `decidedCacheSize`, at least 262 144 (2 MiB)
   * and at most 2^28, so `decidedCacheSize` traces are remembered while they average up to ~30 spans.
   */
  readonly decidedSpanIds?: number;
}

/**
 * A strategy plus output: turns complete traces into the spans to export, keeps the running summary, and
 * sends late spans after their trace's decision (kept, attached to a span already exported, so no orphan
 * appears). One pipeline per output stream, because shape definitions are written once per stream.
 */
export class SamplingPipeline {
  readonly strategy: SamplingStrategy;
  readonly summary: SamplingSummary = newSummary();
  private readonly options: PipelineOptions;
  private readonly publisher = new ShapePublisher();
  private readonly decided: DecidedTraceMemory;

  /** @throws InvalidOptionError when `decidedCacheSize` or `decidedSpanIds` is not an integer in range. */
  constructor(strategy: SamplingStrategy, options: PipelineOptions) {
    this.strategy = strategy;
    this.options = options;
    const maxTraces = options.decidedCacheSize ?? 10_000;
    checkCount('decidedCacheSize', maxTraces, MAX_DECIDED_TRACES);
    const maxSpanIds =
      options.decidedSpanIds ?? Math.min(MAX_DECIDED_SPAN_IDS, Math.max(262_144, 32 * maxTraces));
    checkCount('decidedSpanIds', maxSpanIds, MAX_DECIDED_SPAN_IDS);
    this.decided = new DecidedTraceMemory({ maxTraces, maxSpanIds });
  }

  /** Decides a complete trace and returns what to export. */
  process(trace: Trace): SampledTrace {
    const tree = buildTraceTree(trace);
    return this.emit(trace, this.strategy.decide(tree));
  }

  /** Writes a trace decided elsewhere (e.g. after a lookback) and counts it, as `process` does. */
  emit(trace: Trace, decision: TraceDecision): SampledTrace {
    const { tree } = decision;
    const spans = materialize(decision, { ...this.options, publisher: this.publisher });
    this.strategy.observeOutput?.(decision, spans);
    const s = this.summary;
    s.traces++;
    s.spansIn += tree.spans.length;
    s.spansOut += spans.length;
    s.duplicates += tree.duplicates;
    s.brokenLinks += tree.brokenLinks;
    countReasons(decision.decisions, s);
    const root = tree.tops[0];
    const rootSpanId = root === undefined ? '' : tree.spans[root]!.spanId;
    this.decided.remember(trace.traceId, rootSpanId, tree.spans, spans, tree.spanIdHashes);
    return { traceId: trace.traceId, spans, decision, input: trace.spans };
  }

  /**
   * Spans of a trace decided earlier. They are kept (reason `late`) when the trace had output: a span whose
   * parent was not exported is attached to the trace's root. Traces not remembered are decided afresh.
   */
  processLate(trace: Trace): SampledTrace {
    const decided = this.decided.get(trace.traceId);
    if (decided === undefined || (decided.exported === 0 && decided.late === undefined))
      return this.process(trace);
    const memory = this.decided;
    const spans: Span[] = [];
    for (const span of trace.spans) {
      if (memory.wasSeen(decided, span.spanId)) {
        this.summary.duplicates++;
        continue;
      }
      const parentExported = span.parentSpanId === '' || memory.wasExported(decided, span.parentSpanId);
      spans.push(parentExported ? span : attachToRoot(span, decided.rootSpanId));
      memory.addLate(decided, span.spanId);
    }
    this.summary.spansIn += spans.length;
    this.summary.spansOut += spans.length;
    this.summary.spansKept += spans.length;
    this.summary.lateSpans += spans.length;
    this.summary.kept.late = (this.summary.kept.late ?? 0) + spans.length;
    return { traceId: trace.traceId, spans, decision: undefined, input: trace.spans };
  }
}

/**
 * Adds the decisions' reasons to the summary's tables (and the kept ones to `spansKept`), a run of equal
 * decisions at a time: neighbouring spans mostly share theirs, and a run costs one keyed update of a
 * table instead of one per span.
 */
function countReasons(decisions: TraceDecision['decisions'], s: SamplingSummary): void {
  let reason = '';
  let kept = false;
  let run = 0;
  for (let k = 0; k <= decisions.length; k++) {
    const d = decisions[k];
    if (d !== undefined && d.reason === reason && d.keep === kept) {
      run++;
      continue;
    }
    if (run > 0) {
      const table = kept ? s.kept : s.dropped;
      table[reason] = (table[reason] ?? 0) + run;
      if (kept) s.spansKept += run;
    }
    if (d === undefined) return;
    reason = d.reason;
    kept = d.keep;
    run = 1;
  }
}

const MAX_DECIDED_TRACES = 100_000_000;
/** 2 GiB of hashes. */
const MAX_DECIDED_SPAN_IDS = 2 ** 28;

function checkCount(option: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidOptionError(option, `expected an integer in [0, ${max}], got ${value}`);
  }
}

function attachToRoot(span: Span, rootSpanId: string): Span {
  return {
    ...span,
    parentSpanId: rootSpanId,
    attributes: [
      ...span.attributes,
      { key: AutoscopeAttributes.MISSING_PARENT, value: { stringValue: span.parentSpanId } },
    ],
  };
}

function newSummary(): SamplingSummary {
  return {
    traces: 0,
    spansIn: 0,
    spansOut: 0,
    spansKept: 0,
    duplicates: 0,
    brokenLinks: 0,
    lateSpans: 0,
    kept: {},
    dropped: {},
  };
}
