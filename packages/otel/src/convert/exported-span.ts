import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { PlaceholderSpan } from './placeholder-span.js';

/**
 * A ReadableSpan the processor exports in place of an SDK span: a copy with a new parent and attributes
 * (placeholders are `PlaceholderSpan`s). One object of one shape per span (no closure, no spread), because
 * every kept span with a dropped parent or child passes through here.
 */
export class ExportedSpan implements ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
  private readonly context: SpanContext;

  private constructor(source: ReadableSpan, parent: SpanContext | undefined, attributes: Attributes) {
    this.context = source.spanContext();
    this.name = source.name;
    this.kind = source.kind;
    if (parent !== undefined) this.parentSpanContext = parent;
    this.startTime = source.startTime;
    this.endTime = source.endTime;
    this.attributes = attributes;
    this.duration = source.duration;
    this.ended = source.ended;
    this.resource = source.resource;
    this.status = source.status;
    this.links = source.links;
    this.events = source.events;
    this.instrumentationScope = source.instrumentationScope;
    this.droppedAttributesCount = source.droppedAttributesCount;
    this.droppedEventsCount = source.droppedEventsCount;
    this.droppedLinksCount = source.droppedLinksCount;
  }

  /** `source` with every field kept but its parent and attributes replaced. */
  static copyOf(source: ReadableSpan, parent: SpanContext | undefined, attributes: Attributes): ExportedSpan {
    return new ExportedSpan(source, parent, attributes);
  }

  /** `source` reduced to ids, parent, name, kind and times, under `scope` (a `PlaceholderSpan`). */
  static placeholderOf(
    source: ReadableSpan,
    parent: SpanContext | undefined,
    scope: InstrumentationScope,
  ): ReadableSpan {
    return new PlaceholderSpan(source, parent, scope);
  }

  spanContext(): SpanContext {
    return this.context;
  }
}
