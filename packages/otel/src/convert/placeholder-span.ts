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
 * export one): nine fields of its own, the fields every placeholder shares answered by its class.
 */
export class PlaceholderSpan implements ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  private readonly context: SpanContext;

  /** `source` reduced to ids, parent (`parent`), name, kind and times, under `scope`. */
  constructor(source: ReadableSpan, parent: SpanContext | undefined, scope: InstrumentationScope) {
    this.context = source.spanContext();
    this.name = source.name;
    this.kind = source.kind;
    if (parent !== undefined) this.parentSpanContext = parent;
    this.startTime = source.startTime;
    this.endTime = source.endTime;
    this.duration = source.duration;
    this.resource = source.resource;
    this.instrumentationScope = scope;
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
    return this.context;
  }
}
