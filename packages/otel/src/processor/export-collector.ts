import {
  type AddedAttributes,
  type MaterializeSink,
  PLACEHOLDER_SCOPE_NAME,
  type Span,
} from '@autoscope/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SourcedSpan } from '../convert/to-core-span.js';
import { type ExportContext, readableOf } from '../convert/to-readable-span.js';

/** Where a decision's spans go (the export queue). */
export interface ExportTarget {
  add(span: ReadableSpan): void;
}

/**
 * The sink the processor hands `materializeInto`: each output span becomes its ReadableSpan at once (the
 * SDK span itself when unchanged), with no core copy in between. Collects the spans, their ids and their
 * estimated bytes for one decision (`start`, then `materializeInto` or `add`, then `finish`) in arrays
 * reused from decision to decision: the spans are handed to the target by `finish`, the ids read before.
 */
export class ExportCollector implements MaterializeSink, ExportContext {
  /** The current decision's context (see `ExportContext`; the collector is its own, no object per trace). */
  readables: readonly ReadableSpan[] = NO_READABLES;
  rootSpanId = '';
  placeholders: readonly string[] | undefined;
  private spans: ReadableSpan[] = [];
  private exportedIds: string[] = [];
  private n = 0;
  /** Estimated OTLP bytes of the spans collected (a placeholder: ids, times and its name). */
  bytes = 0;
  /**
   * Placeholders of dropped calls (CLIENT/PRODUCER spans other processes may have children under: the
   * decision's `placeholders`), as `autoscope_placeholder_spans_total` counts them; in `skeleton` mode the
   * other dropped spans are written under the placeholder scope too, but count as sampled, as before.
   */
  placeholderCount = 0;

  /** Spans collected so far. */
  get count(): number {
    return this.n;
  }

  /** The ids of the spans collected, in a reused array: the first `count` are this decision's. */
  get ids(): readonly string[] {
    return this.exportedIds;
  }

  /** Starts a decision's output (see `ExportContext` for the arguments). */
  start(
    rootSpanId: string,
    readables: readonly ReadableSpan[],
    placeholders: readonly string[] | undefined,
  ): void {
    this.rootSpanId = rootSpanId;
    this.readables = readables;
    this.placeholders = placeholders;
    this.n = 0;
    this.bytes = 0;
    this.placeholderCount = placeholders?.length ?? 0;
  }

  write(span: Span, parentSpanId: string | undefined, added: AddedAttributes): void {
    const readable = readableOf(span, parentSpanId ?? span.parentSpanId, added, this);
    if (readable === undefined) return;
    const placeholder = readable.instrumentationScope.name === PLACEHOLDER_SCOPE_NAME;
    this.add(readable, span.spanId, placeholder ? 40 + span.name.length : bytesOf(span));
  }

  /** Collects one span to export as it is. */
  add(readable: ReadableSpan, spanId: string, bytes: number): void {
    this.spans[this.n] = readable;
    this.exportedIds[this.n++] = spanId;
    this.bytes += bytes;
  }

  /** Hands the decision's spans to `target`, in order, and lets go of its spans and ids. */
  finish(target: ExportTarget): void {
    const n = this.n;
    for (let k = 0; k < n; k++) target.add(this.spans[k]!);
    this.reset();
  }

  /** Lets go of everything collected (also after a decision that threw). */
  reset(): void {
    const n = this.n;
    if (n > MAX_REUSED) {
      // A huge trace's arrays are not kept for the process's life.
      this.spans = [];
      this.exportedIds = [];
    } else {
      // Keep no exported span or id alive through the reused arrays (slots past `n` are clear already).
      for (let k = 0; k < n; k++) {
        this.spans[k] = NO_SPAN;
        this.exportedIds[k] = '';
      }
    }
    this.n = 0;
    this.readables = NO_READABLES;
    this.placeholders = undefined;
  }
}

/** Outputs longer than this get fresh arrays next time (see `reset`). */
const MAX_REUSED = 4096;

const NO_READABLES: readonly ReadableSpan[] = Object.freeze([]);

/** What the reused array's slots hold between decisions. */
const NO_SPAN = undefined as unknown as ReadableSpan;

function bytesOf(span: Span): number {
  return (span as Partial<SourcedSpan>).bytes ?? 40 + span.name.length;
}
