import {
  type InstrumentationScope,
  makeResource,
  makeScope,
  type Resource,
  type Span,
  type SpanEvent,
} from '@autoscope/core';
import type { HrTime, SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope as OtelScope } from '@opentelemetry/core';
import type { Resource as OtelResource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { attributesBytes, toKeyValues } from './attribute-values.js';

/**
 * A core span that remembers the ReadableSpan it was made from, so the decision's output maps back to it
 * without a lookup (materialize copies spans with `{ ...span }`, which keeps this field).
 */
export interface SourcedSpan extends Span {
  readonly source: ReadableSpan;
  /** Estimated OTLP size of the source span in bytes. */
  readonly bytes: number;
}

const NO_ATTRIBUTES: readonly never[] = Object.freeze([]);

/** Converts OpenTelemetry resources and scopes once each (they are shared by reference between spans). */
export class SpanConverter {
  private readonly resources = new WeakMap<OtelResource, Resource>();
  private readonly scopes = new WeakMap<OtelScope, InstrumentationScope>();

  /**
   * The core view of an ended span, for the engine: ids, times (exact nanoseconds), name, kind, status,
   * trace state, flags, event names and times, resource and scope. Span attributes, event attributes and
   * links are not copied (the engine does not read them; their size is in `bytes`); the exported span is
   * always built from `source`, so nothing is lost.
   *
   * A parent that is remote (or absent) makes the span a local root: its `parentSpanId` is empty here and
   * restored on export.
   */
  toCoreSpan(readable: ReadableSpan): SourcedSpan {
    const context = readable.spanContext();
    const parent = readable.parentSpanContext;
    return {
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId: parent === undefined || parent.isRemote === true ? '' : parent.spanId,
      traceState: context.traceState?.serialize() ?? '',
      flags: context.traceFlags,
      name: readable.name,
      kind: readable.kind + 1,
      startTimeUnixNano: hrTimeToNanos(readable.startTime),
      endTimeUnixNano: hrTimeToNanos(readable.endTime),
      attributes: NO_ATTRIBUTES,
      droppedAttributesCount: readable.droppedAttributesCount,
      events: readable.events.length === 0 ? NO_ATTRIBUTES : readable.events.map(eventOf),
      droppedEventsCount: readable.droppedEventsCount,
      links: NO_ATTRIBUTES,
      droppedLinksCount: readable.droppedLinksCount,
      status: { code: readable.status.code, message: readable.status.message ?? '' },
      resource: this.resourceOf(readable.resource),
      scope: this.scopeOf(readable.instrumentationScope),
      source: readable,
      bytes: bytesOf(readable),
    };
  }

  private resourceOf(resource: OtelResource): Resource {
    let converted = this.resources.get(resource);
    if (converted === undefined) {
      converted = makeResource(toKeyValues(resource.attributes), 0, resource.schemaUrl ?? '');
      this.resources.set(resource, converted);
    }
    return converted;
  }

  private scopeOf(scope: OtelScope): InstrumentationScope {
    let converted = this.scopes.get(scope);
    if (converted === undefined) {
      converted = makeScope(scope.name, scope.version ?? '');
      this.scopes.set(scope, converted);
    }
    return converted;
  }
}

/** `[seconds, nanoseconds]` as exact Unix nanoseconds. */
export function hrTimeToNanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

/** True when the span has no parent in this process (no parent, or a remote one). */
export function isLocalRoot(parent: SpanContext | undefined): boolean {
  return parent === undefined || parent.isRemote === true;
}

function eventOf(event: ReadableSpan['events'][number]): SpanEvent {
  return {
    timeUnixNano: hrTimeToNanos(event.time),
    name: event.name,
    attributes: NO_ATTRIBUTES,
    droppedAttributesCount: event.droppedAttributesCount ?? 0,
  };
}

function bytesOf(span: ReadableSpan): number {
  let size = 60 + span.name.length + attributesBytes(span.attributes);
  for (const event of span.events)
    size += 14 + event.name.length + (event.attributes ? attributesBytes(event.attributes) : 0);
  for (const link of span.links) size += 32 + (link.attributes ? attributesBytes(link.attributes) : 0);
  return size;
}
