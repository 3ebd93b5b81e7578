import type { Span } from '@autoscope/core';
import { encodeTraceRequest } from '@autoscope/otlp';
import type { TraceExporter } from '../contracts.js';

/** What the batcher reports back: exported batches and batches given up on. */
export interface BatchListener {
  /** `input` spans (references into the held records) are settled: their output was exported (or there was none). */
  settled(input: readonly number[], exported: number): void;
  /** The exporter rejected a batch permanently: `lost` output spans are lost downstream. */
  failed(input: readonly number[], lost: number, error: unknown): void;
}

/**
 * Gathers sampled spans into export requests of up to `maxSpans` spans. Each batch remembers the input
 * spans it settles, so their log records are released only after the backend accepted the output.
 */
export class ExportBatcher {
  private output: Span[] = [];
  private input: number[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly exporter: TraceExporter;
  private readonly maxSpans: number;
  private readonly listener: BatchListener;
  private pending = 0;
  /** Set on shutdown: a rejected export is then left in the log for the next start. */
  stopping = false;

  constructor(exporter: TraceExporter, maxSpans: number, listener: BatchListener) {
    this.exporter = exporter;
    this.maxSpans = maxSpans;
    this.listener = listener;
  }

  /** Encoded bytes handed to the exporter and not yet answered (queued, waiting or being sent). */
  get pendingBytes(): number {
    return this.pending;
  }

  /** Export requests sent and not yet answered. */
  get inflightRequests(): number {
    return this.inflight.size;
  }

  /** Adds the output of one decided trace and the input spans it settles. */
  add(output: readonly Span[], input: readonly number[]): void {
    for (const span of output) this.output.push(span);
    for (const ref of input) this.input.push(ref);
    if (this.output.length >= this.maxSpans || this.input.length >= this.maxSpans * 4) this.flush();
  }

  /** Sends what is gathered. */
  flush(): void {
    if (this.input.length === 0 && this.output.length === 0) return;
    const output = this.output;
    const input = this.input;
    this.output = [];
    this.input = [];
    if (output.length === 0) {
      this.listener.settled(input, 0);
      return;
    }
    const request = encodeTraceRequest(output);
    this.pending += request.byteLength;
    const sent = this.exporter.export(request, output.length).then(
      () => this.listener.settled(input, output.length),
      (error: unknown) => {
        if (!this.stopping) this.listener.failed(input, output.length, error);
      },
    );
    this.inflight.add(sent);
    void sent.finally(() => {
      this.inflight.delete(sent);
      this.pending -= request.byteLength;
    });
  }

  /** Resolves when every request sent so far is answered. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
}
