import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

const NO_ATTRIBUTES: Attributes = Object.freeze({});
const NO_EVENTS: TimedEvent[] = [];
const NO_LINKS: Link[] = [];
const UNSET: SpanStatus = Object.freeze({ code: 0 });

/**
 * A dropped connector span as the processor exports it: ids, parent, name, kind and times under a
 * placeholder scope; status unset, no attributes, events or links. Its cheapest form (most local traces
 * export one): a view holding the source span, its parent and the scope; the ids, name, kind and times
 * are read from the source (an ended SDK span does not change), the rest is the same for every placeholder.
 */
export class PlaceholderSpan implements ReadableSpan {
  readonly parentSpanContext?: SpanContext;
  readonly instrumentationScope: InstrumentationScope;
  private readonly source: ReadableSpan;

  /** `source` reduced to ids, parent (`parent`), name, kind and times, under `scope`. */
  constructor(source: ReadableSpan, parent: SpanContext | undefined, scope: InstrumentationScope) {
    this.source = source;
    this.instrumentationScope = scope;
    if (parent !== undefined) this.parentSpanContext = parent;
  }

  get name(): string {
    return this.source.name;
  }

  get kind(): SpanKind {
    return this.source.kind;
  }

  get startTime(): HrTime {
    return this.source.startTime;
  }

  get endTime(): HrTime {
    return this.source.endTime;
  }

  get duration(): HrTime {
    return this.source.duration;
  }

  get resource(): Resource {
    return this.source.resource;
  }

  get status(): SpanStatus {
    return UNSET;
  }

  get attributes(): Attributes {
    return NO_ATTRIBUTES;
  }

  get links(): Link[] {
    return NO_LINKS;
  }

  get events(): TimedEvent[] {
    return NO_EVENTS;
  }

  get ended(): boolean {
    return true;
  }

  get droppedAttributesCount(): number {
    return 0;
  }

  get droppedEventsCount(): number {
    return 0;
  }

  get droppedLinksCount(): number {
    return 0;
  }

  spanContext(): SpanContext {
    return this.source.spanContext();
  }
}
