import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

const NO_ATTRIBUTES: Attributes = Object.freeze({});
const NO_EVENTS: TimedEvent[] = [];
const NO_LINKS: Link[] = [];
const UNSET: SpanStatus = Object.freeze({ code: 0 });

/**
 * A ReadableSpan the processor exports in place of an SDK span: a copy with a new parent and attributes,
 * or a placeholder. One object of one shape per span (no closure, no spread), because every kept span
 * with a dropped parent or child passes through here.
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

  private constructor(
    source: ReadableSpan,
    parent: SpanContext | undefined,
    attributes: Attributes,
    placeholderScope: InstrumentationScope | undefined,
  ) {
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
    const whole = placeholderScope === undefined;
    this.status = whole ? source.status : UNSET;
    this.links = whole ? source.links : NO_LINKS;
    this.events = whole ? source.events : NO_EVENTS;
    this.instrumentationScope = whole ? source.instrumentationScope : placeholderScope;
    this.droppedAttributesCount = whole ? source.droppedAttributesCount : 0;
    this.droppedEventsCount = whole ? source.droppedEventsCount : 0;
    this.droppedLinksCount = whole ? source.droppedLinksCount : 0;
  }

  /** `source` with every field kept but its parent and attributes replaced. */
  static copyOf(source: ReadableSpan, parent: SpanContext | undefined, attributes: Attributes): ExportedSpan {
    return new ExportedSpan(source, parent, attributes, undefined);
  }

  /** `source` reduced to ids, parent, name, kind and times, under `scope` (status unset, no data). */
  static placeholderOf(
    source: ReadableSpan,
    parent: SpanContext | undefined,
    scope: InstrumentationScope,
  ): ExportedSpan {
    return new ExportedSpan(source, parent, NO_ATTRIBUTES, scope);
  }

  spanContext(): SpanContext {
    return this.context;
  }
}
