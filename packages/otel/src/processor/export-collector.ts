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
  /** The decision's spans and ids so far, in arrays reused from decision to decision. */
  private spans: ReadableSpan[] = [];
  private ids: string[] = [];
  private n = 0;
  /** Estimated OTLP bytes of the spans collected (a placeholder: ids, times and its name). */
  bytes = 0;

  /** Starts a decision's output. */
  start(context: ExportContext): void {
    this.context = context;
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

  /**
   * The decision's spans and ids, copied into arrays of their exact length (a trimmed array of the
   * trace's length cost more); the collector lets go of its spans and ids.
   */
  finish(): { spans: ReadableSpan[]; ids: string[] } {
    const n = this.n;
    const spans = this.spans.slice(0, n);
    const ids = this.ids.slice(0, n);
    if (n > MAX_REUSED) {
      // A huge trace's arrays are not kept for the process's life.
      this.spans = [];
      this.ids = [];
    } else {
      // Keep no exported span or id alive through the reused arrays (a few slots cleared per decision).
      for (let k = 0; k < n; k++) {
        this.spans[k] = NO_SPAN;
        this.ids[k] = '';
      }
    }
    this.context = undefined;
    return { spans, ids };
  }
}

/** Outputs longer than this get fresh arrays next time (see `finish`). */
const MAX_REUSED = 4096;

/** What the reused array's slots hold between decisions. */
const NO_SPAN = undefined as unknown as ReadableSpan;

function bytesOf(span: Span): number {
  return (span as Partial<SourcedSpan>).bytes ?? 40 + span.name.length;
}
