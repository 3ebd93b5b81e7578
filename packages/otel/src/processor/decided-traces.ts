import { AutoscopeAttributes } from '@autoscope/core';
import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { attributesBytes, copyAttributes } from '../convert/attribute-values.js';
import { ExportedSpan } from '../convert/exported-span.js';
import { TraceIdFilter } from './trace-id-filter.js';

interface Decided {
  readonly rootSpanId: string;
  /** Ids of the spans exported for the trace: a list until a late span needs lookups, then a set. */
  exported: readonly string[] | Set<string>;
}

/**
 * Traces decided recently, so spans that end after their trace's decision follow it: they are exported,
 * under their own parent when it was exported, else under the trace's root with `autoscope.missing_parent`
 * naming the parent (as the core pipeline does). At least the last `capacity` decided traces are
 * remembered, at most twice as many: two generations of `capacity` each, the older one dropped whole when
 * the newer is full. Forgetting one trace at a time would delete a Map's oldest entry per decision, and
 * finding it walks over the holes earlier deletes left at the Map's front. Each generation has a
 * `TraceIdFilter`: `has` is asked for every new trace, and almost always answers no without a Map lookup.
 */
export class DecidedTraces {
  private current = new Map<string, Decided>();
  private previous = new Map<string, Decided>();
  private currentIds: TraceIdFilter;
  private previousIds: TraceIdFilter;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.currentIds = new TraceIdFilter(this.capacity);
    this.previousIds = new TraceIdFilter(this.capacity);
  }

  /** True when the trace was decided recently (its later spans follow that decision). */
  has(traceId: string): boolean {
    return (
      (this.currentIds.mightHave(traceId) && this.current.has(traceId)) ||
      (this.previousIds.mightHave(traceId) && this.previous.has(traceId))
    );
  }

  /** Records the ids of the spans a decision exported (a plain list: most traces never see a late span). */
  remember(traceId: string, rootSpanId: string, ids: readonly string[]): void {
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
      const emptied = this.previousIds;
      emptied.clear();
      this.previousIds = this.currentIds;
      this.currentIds = emptied;
    }
    this.current.set(traceId, { rootSpanId, exported: ids });
    this.currentIds.add(traceId);
  }

  /** The late spans to export, or undefined when the trace is not remembered (decide it afresh). */
  follow(
    traceId: string,
    late: readonly ReadableSpan[],
  ): { spans: ReadableSpan[]; bytesIn: number; bytesOut: number } | undefined {
    const decided = this.current.get(traceId) ?? this.previous.get(traceId);
    if (decided === undefined) return undefined;
    if (Array.isArray(decided.exported)) decided.exported = new Set(decided.exported);
    const exported = decided.exported as Set<string>;
    if (exported.size === 0) return undefined;
    const ids = new Set(late.map((s) => s.spanContext().spanId));
    const spans: ReadableSpan[] = [];
    let bytes = 0;
    for (const span of late) {
      const parent = span.parentSpanContext;
      const attached =
        parent === undefined ||
        parent.isRemote === true ||
        exported.has(parent.spanId) ||
        ids.has(parent.spanId);
      spans.push(attached ? span : underRoot(span, parent, decided.rootSpanId));
      exported.add(span.spanContext().spanId);
      bytes += 60 + span.name.length + attributesBytes(span.attributes);
    }
    return { spans, bytesIn: bytes, bytesOut: bytes };
  }
}

function underRoot(span: ReadableSpan, parent: SpanContext, rootSpanId: string): ReadableSpan {
  const context = span.spanContext();
  const root = {
    traceId: context.traceId,
    spanId: rootSpanId,
    traceFlags: context.traceFlags,
    isRemote: false,
  };
  const attributes = copyAttributes(span.attributes);
  attributes[AutoscopeAttributes.MISSING_PARENT] = parent.spanId;
  return ExportedSpan.copyOf(span, root, attributes);
}
