import {
  type AddedAttributes,
  type MaterializeSink,
  PLACEHOLDER_SCOPE_NAME,
  type Span,
} from '@autoscope/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SourcedSpan } from '../convert/to-core-span.js';
import { type ExportContext, readableOf } from '../convert/to-readable-span.js';

/**
 * The sink the processor hands `materializeInto`: each output span becomes its ReadableSpan at once (the
 * SDK span itself when unchanged), with no core copy in between. Collects the spans, their ids and their
 * estimated bytes for one decision (`start`, then `materializeInto`, then `finish`).
 */
export class ExportCollector implements MaterializeSink {
  private context: ExportContext | undefined;
  private spans: ReadableSpan[] = [];
  private ids: string[] = [];
  private n = 0;
  /** Estimated OTLP bytes of the spans collected (a placeholder: ids, times and its name). */
  bytes = 0;

  /** Starts a decision's output: at most `capacity` spans. */
  start(context: ExportContext, capacity: number): void {
    this.context = context;
    this.spans = new Array(capacity);
    this.ids = new Array(capacity);
    this.n = 0;
    this.bytes = 0;
  }

  write(span: Span, parentSpanId: string | undefined, added: AddedAttributes): void {
    const readable = readableOf(span, parentSpanId ?? span.parentSpanId, added, this.context!);
    if (readable === undefined) return;
    this.spans[this.n] = readable;
    this.ids[this.n++] = span.spanId;
    this.bytes +=
      readable.instrumentationScope.name === PLACEHOLDER_SCOPE_NAME ? 40 + span.name.length : bytesOf(span);
  }

  /** The decision's spans and ids (arrays trimmed to their count); the collector lets go of them. */
  finish(): { spans: ReadableSpan[]; ids: string[] } {
    const { spans, ids } = this;
    spans.length = ids.length = this.n;
    this.spans = [];
    this.ids = [];
    this.context = undefined;
    return { spans, ids };
  }
}

function bytesOf(span: Span): number {
  return (span as Partial<SourcedSpan>).bytes ?? 40 + span.name.length;
}
