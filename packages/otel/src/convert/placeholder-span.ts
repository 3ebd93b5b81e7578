import type { Attributes, Link, SpanContext, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { SourceView } from './source-view.js';

const NO_ATTRIBUTES: Attributes = Object.freeze({});
// Shared by every placeholder, so frozen: a consumer that pushed to one would change them all.
const NO_EVENTS = Object.freeze([]) as unknown as TimedEvent[];
const NO_LINKS = Object.freeze([]) as unknown as Link[];
const UNSET: SpanStatus = Object.freeze({ code: 0 });

/**
 * A dropped connector span as the processor exports it: ids, parent, name, kind and times under a
 * placeholder scope; status unset, no attributes, events or links. Its cheapest form (most local traces
 * export one): a view holding the source span, its parent and the scope; the ids, name, kind and times
 * are read from the source (an ended SDK span does not change), the rest is the same for every placeholder.
 */
export class PlaceholderSpan extends SourceView implements ReadableSpan {
  readonly instrumentationScope: InstrumentationScope;

  /** `source` reduced to ids, parent (`parent`), name, kind and times, under `scope`. */
  constructor(source: ReadableSpan, parent: SpanContext | undefined, scope: InstrumentationScope) {
    super(source, parent);
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
}
