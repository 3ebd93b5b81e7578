import type { Attributes, Link, SpanContext, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { PlaceholderSpan } from './placeholder-span.js';
import { SourceView } from './source-view.js';

/**
 * A ReadableSpan the processor exports in place of an SDK span: the SDK span with a new parent and
 * attributes (placeholders are `PlaceholderSpan`s). A view, not a copy: it holds the source, the parent and
 * the attributes, and reads every other field from the source (an ended SDK span does not change), so a
 * kept span with a dropped parent or child (the root of most local traces) costs one small object.
 */
export class ExportedSpan extends SourceView implements ReadableSpan {
  readonly attributes: Attributes;

  private constructor(source: ReadableSpan, parent: SpanContext | undefined, attributes: Attributes) {
    super(source, parent);
    this.attributes = attributes;
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

  get status(): SpanStatus {
    return this.source.status;
  }

  get links(): Link[] {
    return this.source.links;
  }

  get events(): TimedEvent[] {
    return this.source.events;
  }

  get ended(): boolean {
    return this.source.ended;
  }

  get instrumentationScope(): InstrumentationScope {
    return this.source.instrumentationScope;
  }

  get droppedAttributesCount(): number {
    return this.source.droppedAttributesCount;
  }

  get droppedEventsCount(): number {
    return this.source.droppedEventsCount;
  }

  get droppedLinksCount(): number {
    return this.source.droppedLinksCount;
  }
}
