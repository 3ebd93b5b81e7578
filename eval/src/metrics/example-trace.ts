import { isErrorSpan, type Span } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import type { ExampleSpan, ExampleTrace } from '../results.js';
import type { TraceTruth } from './trace-truth.js';

/** Traces longer than this are not picked: the report draws every span. */
const MAX_SPANS = 120;

interface Candidate {
  readonly rank: readonly number[];
  readonly example: ExampleTrace;
}

/**
 * Picks, while streaming, one faulty trace to show before and after a sampler. Preferred, in order: at
 * most {@link MAX_SPANS} spans, every faulty span kept, some spans dropped, the most faulty spans, the
 * earliest. Only the current pick is held.
 */
export class ExamplePicker {
  private best: Candidate | undefined;

  constructor(
    private readonly sampler: string,
    private readonly faults: readonly Fault[],
  ) {}

  /** Considers one trace; `out` is the sampler's output, `kept` marks spans kept with full data. */
  consider(truth: TraceTruth, out: readonly Span[], kept: Uint8Array): void {
    if (truth.faultySpans === 0) return;
    const n = truth.tree.spans.length;
    let keptCount = 0;
    let faultyKept = 0;
    for (let i = 0; i < n; i++) {
      if (kept[i] !== 1) continue;
      keptCount++;
      if (truth.faultOf[i]! >= 0) faultyKept++;
    }
    const rank = [
      n <= MAX_SPANS ? 1 : 0,
      faultyKept === truth.faultySpans ? 1 : 0,
      keptCount < n ? 1 : 0,
      truth.faultySpans,
    ];
    if (this.best !== undefined && !isBetter(rank, this.best.rank)) return;
    this.best = { rank, example: this.build(truth, out) };
  }

  /** The picked example, if any faulty trace was seen. */
  get example(): ExampleTrace | undefined {
    return this.best?.example;
  }

  private build(truth: TraceTruth, out: readonly Span[]): ExampleTrace {
    const { tree, faultOf } = truth;
    let origin = tree.spans[0]!.startTimeUnixNano;
    for (const span of tree.spans) if (span.startTimeUnixNano < origin) origin = span.startTimeUnixNano;
    const present = new Set(tree.spans.map((s) => s.spanId));
    const faulty = (span: Span) => (faultOf[truth.indexOf.get(span.spanId) ?? -1] ?? -1) >= 0;
    const before = tree.preorder.map((i) => exampleSpan(tree.spans[i]!, origin, present, faulty));
    const kept = new Set(out.map((s) => s.spanId));
    const after = out.map((span) => exampleSpan(span, origin, kept, faulty));
    return {
      traceId: tree.traceId,
      sampler: this.sampler,
      faultType: this.mainFaultType(truth),
      before,
      after,
    };
  }

  private mainFaultType(truth: TraceTruth): string {
    const counts = new Map<number, number>();
    for (const f of truth.faultOf) if (f >= 0) counts.set(f, (counts.get(f) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    return top === undefined ? 'unknown' : this.faults[top[0]]!.type;
  }
}

function isBetter(rank: readonly number[], than: readonly number[]): boolean {
  for (let i = 0; i < rank.length; i++) if (rank[i] !== than[i]) return rank[i]! > than[i]!;
  return false;
}

function exampleSpan(
  span: Span,
  origin: bigint,
  present: ReadonlySet<string>,
  faulty: (span: Span) => boolean,
): ExampleSpan {
  const parent = span.parentSpanId !== '' && present.has(span.parentSpanId) ? span.parentSpanId : undefined;
  return {
    spanId: span.spanId,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    service: span.resource.serviceName,
    name: span.name,
    startOffsetNanos: Number(span.startTimeUnixNano - origin),
    durationNanos: Math.max(0, Number(span.endTimeUnixNano - span.startTimeUnixNano)),
    error: isErrorSpan(span),
    faulty: faulty(span),
  };
}
