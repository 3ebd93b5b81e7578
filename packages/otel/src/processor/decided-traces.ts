import { AutoscopeAttributes } from '@autoscope/core';
import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { attributesBytes } from '../convert/attribute-values.js';

interface Decided {
  readonly rootSpanId: string;
  /** Ids of the spans exported for the trace. */
  readonly exported: Set<string>;
}

/**
 * Traces decided recently (bounded, oldest forgotten first), so spans that end after their trace's
 * decision follow it: they are exported, under their own parent when it was exported, else under the
 * trace's root with `autoscope.missing_parent` naming the parent (as the core pipeline does).
 */
export class DecidedTraces {
  private readonly traces = new Map<string, Decided>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Records what a decision exported. */
  remember(traceId: string, rootSpanId: string, exported: readonly ReadableSpan[]): void {
    const ids = new Set<string>();
    for (const span of exported) ids.add(span.spanContext().spanId);
    this.traces.set(traceId, { rootSpanId, exported: ids });
    if (this.traces.size > this.capacity) {
      const oldest = this.traces.keys().next().value;
      if (oldest !== undefined) this.traces.delete(oldest);
    }
  }

  /** The late spans to export, or undefined when the trace is not remembered (decide it afresh). */
  follow(
    traceId: string,
    late: readonly ReadableSpan[],
  ): { spans: ReadableSpan[]; bytesIn: number; bytesOut: number } | undefined {
    const decided = this.traces.get(traceId);
    if (decided === undefined || decided.exported.size === 0) return undefined;
    const ids = new Set(late.map((s) => s.spanContext().spanId));
    const spans: ReadableSpan[] = [];
    let bytes = 0;
    for (const span of late) {
      const parent = span.parentSpanContext;
      const attached =
        parent === undefined ||
        parent.isRemote === true ||
        decided.exported.has(parent.spanId) ||
        ids.has(parent.spanId);
      spans.push(attached ? span : underRoot(span, parent, decided.rootSpanId));
      decided.exported.add(span.spanContext().spanId);
      bytes += 60 + span.name.length + attributesBytes(span.attributes);
    }
    return { spans, bytesIn: bytes, bytesOut: bytes };
  }
}

function underRoot(span: ReadableSpan, parent: SpanContext, rootSpanId: string): ReadableSpan {
  const context = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext: {
      traceId: context.traceId,
      spanId: rootSpanId,
      traceFlags: context.traceFlags,
      isRemote: false,
    },
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: { ...span.attributes, [AutoscopeAttributes.MISSING_PARENT]: parent.spanId },
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
