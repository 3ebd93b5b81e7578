import type { HrTime, SpanContext, SpanKind } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * What the processor's exported views (`ExportedSpan`, `PlaceholderSpan`) share: they hold an ended SDK
 * span and a new parent, and read the ids, name, kind, times and resource from the span (an ended SDK
 * span does not change). The span is a private field, so object walkers (deep copies, redaction by key,
 * `Object.keys`) do not reach the whole SDK span through a view, a placeholder's dropped attributes included.
 */
export abstract class SourceView {
  readonly parentSpanContext?: SpanContext;
  readonly #source: ReadableSpan;

  protected constructor(source: ReadableSpan, parent: SpanContext | undefined) {
    this.#source = source;
    if (parent !== undefined) this.parentSpanContext = parent;
  }

  /** The SDK span this view reads from. */
  protected get source(): ReadableSpan {
    return this.#source;
  }

  get name(): string {
    return this.#source.name;
  }

  get kind(): SpanKind {
    return this.#source.kind;
  }

  get startTime(): HrTime {
    return this.#source.startTime;
  }

  get endTime(): HrTime {
    return this.#source.endTime;
  }

  get duration(): HrTime {
    return this.#source.duration;
  }

  get resource(): Resource {
    return this.#source.resource;
  }

  spanContext(): SpanContext {
    return this.#source.spanContext();
  }
}
