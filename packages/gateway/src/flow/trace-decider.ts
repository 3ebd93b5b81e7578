import type { CompletedTrace, SamplingPipeline, Span } from '@autoscope/core';
import type { HeldRecords } from '../buffer/held-records.js';
import type { RefTrace, TraceBuffer } from '../buffer/trace-buffer.js';
import type { GatewayLogger } from '../logging/logger.js';
import type { ExportBatcher } from './export-batcher.js';
import type { FlowCounters } from './flow-counters.js';

/** Spans decided in one go before yielding to the event loop. */
export const DECIDE_SLICE_SPANS = 4096;

/** What the decider works with; `pipeline` is read at each decision (a reload may replace it). */
export interface DeciderParts {
  readonly records: HeldRecords;
  readonly assembler: TraceBuffer;
  readonly batcher: ExportBatcher;
  readonly counters: FlowCounters;
  readonly logger: GatewayLogger;
  pipeline(): SamplingPipeline;
}

/**
 * Turns complete traces (span references) into export batches: decodes their spans (one batch per log
 * record), runs the sampling pipeline and hands output and settled inputs to the batcher. Traces queued
 * with `enqueue` are decided in slices of about `DECIDE_SLICE_SPANS` spans with a yield in between, so a
 * tick that completes many traces does not hold requests up.
 */
export class TraceDecider {
  private readonly parts: DeciderParts;
  private waiting: RefTrace[] = [];
  /** Traces before this index in `waiting` are decided (a head index: no shifting per slice). */
  private head = 0;
  private waitingSpans = 0;
  private scheduled = false;
  private stopped = false;

  constructor(parts: DeciderParts) {
    this.parts = parts;
  }

  /** Spans of complete traces not decided yet. */
  get pendingSpans(): number {
    return this.waitingSpans;
  }

  /** Queues complete traces for a decision soon (after those queued before; now once stopped). */
  enqueue(traces: readonly RefTrace[]): void {
    if (this.stopped) {
      this.decideNow(traces);
      return;
    }
    for (const trace of traces) {
      this.waiting.push(trace);
      this.waitingSpans += trace.refs.length;
    }
    if (!this.scheduled && this.head < this.waiting.length) this.decideSlice();
  }

  /** Decides everything queued, now, and stops slicing (shutdown). */
  drainNow(): void {
    this.stopped = true;
    this.waitingSpans = 0;
    const rest = this.waiting.slice(this.head);
    this.waiting = [];
    this.head = 0;
    this.decideNow(rest);
  }

  /**
   * Decides these traces now, or, while traces wait in the queue, queues them behind: late spans of a
   * queued trace are then decided after the trace itself, never before it.
   */
  decide(traces: readonly RefTrace[]): void {
    if (this.stopped || this.head >= this.waiting.length) this.decideNow(traces);
    else this.enqueue(traces);
  }

  private decideNow(traces: readonly RefTrace[]): void {
    if (traces.length === 0) return;
    const refs: number[] = [];
    for (const trace of traces) for (const ref of trace.refs) refs.push(ref);
    const spans = this.parts.records.decode(refs);
    this.reportUndecodable();
    let at = 0;
    for (const trace of traces) {
      const decoded: Span[] = [];
      for (let k = 0; k < trace.refs.length; k++) {
        const span = spans[at++];
        if (span !== undefined) decoded.push(span);
      }
      const output = decoded.length === 0 ? [] : this.sample({ ...trace, spans: decoded });
      // A trace with undecodable spans was not judged whole: its late spans stay welcome.
      const judged = decoded.length === trace.refs.length;
      if (output.length === 0 && judged && !trace.late) this.parts.assembler.markDropped(trace.traceId);
      this.parts.batcher.add(output, trace.refs);
    }
  }

  private decideSlice(): void {
    this.scheduled = false;
    if (this.stopped) return;
    let spans = 0;
    let end = this.head;
    while (end < this.waiting.length && spans < DECIDE_SLICE_SPANS) spans += this.waiting[end++]!.refs.length;
    const slice = this.waiting.slice(this.head, end);
    this.head = end;
    if (end === this.waiting.length || end * 2 > this.waiting.length + 1024) {
      // Drop decided traces from the queue once they are most of it (amortised O(1) per trace).
      this.waiting = this.waiting.slice(end);
      this.head = 0;
    }
    this.waitingSpans -= spans;
    this.decideNow(slice);
    if (this.head >= this.waiting.length) return;
    this.scheduled = true;
    setImmediate(() => this.decideSlice());
  }

  private sample(trace: CompletedTrace): readonly Span[] {
    const pipeline = this.parts.pipeline();
    try {
      return (trace.late ? pipeline.processLate(trace) : pipeline.process(trace)).spans;
    } catch (error) {
      if (this.parts.counters.decideErrors++ === 0)
        this.parts.logger.error('sampler failed; exporting the trace whole', {
          traceId: trace.traceId,
          error,
        });
      return trace.spans;
    }
  }

  private reportUndecodable(): void {
    const { records, counters, logger } = this.parts;
    if (records.undecodable === counters.undecodableSpans) return;
    if (counters.undecodableSpans === 0)
      logger.error('buffered spans failed to decode; dropped', { error: records.firstDecodeError });
    counters.undecodableSpans = records.undecodable;
  }
}
