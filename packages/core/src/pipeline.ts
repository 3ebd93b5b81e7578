import type { StructureMode } from './engine/options.js';
import type { Span, Trace } from './model.js';
import { AutoscopeAttributes } from './output/attributes.js';
import { materialize } from './output/materialize.js';
import type { SamplingStrategy, TraceDecision } from './strategy.js';
import { ShapePublisher } from './structure/shape-dictionary.js';
import { buildTraceTree, type TraceTree } from './trace-tree.js';

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
  /**
   * Decided traces remembered for late spans (default 10 000). Each costs about 9 bytes per span it had
   * plus its exported span ids, so memory stays bounded whatever the input size.
   */
  readonly decidedCacheSize?: number;
}

interface DecidedTrace {
  readonly rootSpanId: string;
  /** Ids of the spans exported for the trace (few: kept spans and late ones). */
  readonly output: Set<string>;
  /**
   * Hashes of the ids of every span the trace had when decided (to recognise repeats of them), sorted on
   * the first late span: most traces never get one.
   */
  readonly seen: Float64Array;
  sorted: boolean;
  /** Ids of late spans accepted since (to recognise their repeats too); made on the first one. */
  lateSeen: Set<string> | undefined;
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
  private readonly decided = new Map<string, DecidedTrace>();

  constructor(strategy: SamplingStrategy, options: PipelineOptions) {
    this.strategy = strategy;
    this.options = options;
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
    for (let k = 0; k < decision.decisions.length; k++) {
      const d = decision.decisions[k]!;
      const table = d.keep ? s.kept : s.dropped;
      table[d.reason] = (table[d.reason] ?? 0) + 1;
      if (d.keep) s.spansKept++;
    }
    this.remember(trace.traceId, tree, spans);
    return { traceId: trace.traceId, spans, decision, input: trace.spans };
  }

  /**
   * Spans of a trace decided earlier. They are kept (reason `late`) when the trace had output: a span whose
   * parent was not exported is attached to the trace's root. Traces not remembered are decided afresh.
   */
  processLate(trace: Trace): SampledTrace {
    const decided = this.decided.get(trace.traceId);
    if (decided === undefined || decided.output.size === 0) return this.process(trace);
    const spans: Span[] = [];
    for (const span of trace.spans) {
      if (wasSeen(decided, span.spanId)) {
        this.summary.duplicates++;
        continue;
      }
      spans.push(attachLate(span, decided));
      decided.output.add(span.spanId);
      decided.lateSeen ??= new Set();
      decided.lateSeen.add(span.spanId);
    }
    this.summary.spansIn += spans.length;
    this.summary.spansOut += spans.length;
    this.summary.spansKept += spans.length;
    this.summary.lateSpans += spans.length;
    this.summary.kept.late = (this.summary.kept.late ?? 0) + spans.length;
    return { traceId: trace.traceId, spans, decision: undefined, input: trace.spans };
  }

  private remember(traceId: string, tree: TraceTree, spans: readonly Span[]): void {
    const root = tree.tops[0];
    this.decided.set(traceId, {
      rootSpanId: root === undefined ? '' : tree.spans[root]!.spanId,
      output: outputIds(spans),
      seen: spanIdHashes(tree.spans),
      sorted: false,
      lateSeen: undefined,
    });
    if (this.decided.size > (this.options.decidedCacheSize ?? 10_000)) {
      const oldest = this.decided.keys().next().value;
      if (oldest !== undefined) this.decided.delete(oldest);
    }
  }
}

/**
 * A 52-bit number from a span id (its first 13 hex digits; other strings are hashed), exact in a double.
 * Two ids of one trace sharing it is as unlikely as a 52-bit collision; the cost would be one late span
 * counted as a duplicate.
 */
function spanIdHash(spanId: string): number {
  if (spanId.length < 13) return fallbackHash(spanId);
  let value = 0;
  let bad = 0;
  for (let i = 0; i < 13; i++) {
    const code = spanId.charCodeAt(i);
    const digit = code < 128 ? HEX_DIGITS[code]! : -1;
    bad |= digit;
    value = value * 16 + digit;
  }
  return bad < 0 ? fallbackHash(spanId) : value;
}

/** Value of each lowercase hex digit, -1 for every other character code below 128. */
const HEX_DIGITS: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) table[97 + i] = 10 + i;
  return table;
})();

/** Negative, so it never equals the hash of a hex id. */
function fallbackHash(spanId: string): number {
  let h = 0;
  for (let i = 0; i < spanId.length; i++) h = (Math.imul(h, 31) + spanId.charCodeAt(i)) | 0;
  return -1 - (h >>> 0);
}

function spanIdHashes(spans: readonly Span[]): Float64Array {
  const hashes = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i++) hashes[i] = spanIdHash(spans[i]!.spanId);
  return hashes;
}

function outputIds(spans: readonly Span[]): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < spans.length; i++) ids.add(spans[i]!.spanId);
  return ids;
}

function wasSeen(decided: DecidedTrace, spanId: string): boolean {
  if (decided.lateSeen?.has(spanId) === true) return true;
  const key = spanIdHash(spanId);
  const seen = decided.seen;
  if (!decided.sorted) {
    seen.sort();
    decided.sorted = true;
  }
  let lo = 0;
  let hi = seen.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seen[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < seen.length && seen[lo] === key;
}

function attachLate(span: Span, decided: DecidedTrace): Span {
  if (span.parentSpanId === '' || decided.output.has(span.parentSpanId)) return span;
  return {
    ...span,
    parentSpanId: decided.rootSpanId,
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
