import { ExportResultCode, internal } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Batching limits, with BatchSpanProcessor's names and meaning. */
export interface ExportQueueLimits {
  /** Spans waiting for export at most; past it, spans that are not protected are dropped (counted). */
  readonly maxQueueSize: number;
  /** Spans per call of the exporter. */
  readonly maxExportBatchSize: number;
  /** A partial batch waits at most this long before it is exported. */
  readonly scheduledDelayMillis: number;
  /** An export that has not called back after this long counts as failed. */
  readonly exportTimeoutMillis: number;
}

/** What the queue reports: spans dropped because it was full, spans the exporter failed on. */
export interface ExportQueueEvents {
  dropped(count: number, reason: string): void;
  exportFailures(count: number): void;
}

/**
 * Kept spans on their way to the wrapped exporter, batched as BatchSpanProcessor batches them: a full
 * batch goes at once, a partial one after `scheduledDelayMillis`, one export in flight at a time.
 * Protected spans (errors, and spans with possible remote children) are admitted past `maxQueueSize` up
 * to twice it; every span refused is counted by reason, none silently.
 */
export class ExportQueue {
  private queue: ReadableSpan[] = [];
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly exporter: SpanExporter;
  private readonly limits: ExportQueueLimits;
  private readonly events: ExportQueueEvents;

  constructor(exporter: SpanExporter, limits: ExportQueueLimits, events: ExportQueueEvents) {
    this.exporter = exporter;
    this.limits = limits;
    this.events = events;
  }

  /** Spans waiting (not counting the batch in flight). */
  get size(): number {
    return this.queue.length;
  }

  /** Queues one span; call `kick` after a run of `add`s. */
  add(span: ReadableSpan, isProtected: boolean): void {
    const length = this.queue.length;
    if (length < this.limits.maxQueueSize) this.queue.push(span);
    else if (!isProtected) this.events.dropped(1, 'queue_full');
    else if (length < this.limits.maxQueueSize * 2) this.queue.push(span);
    else this.events.dropped(1, 'queue_full_protected');
  }

  /** Starts an export when a batch is full, else arms the delay timer. */
  kick(): void {
    if (this.inFlight !== undefined || this.queue.length === 0) return;
    if (this.queue.length >= this.limits.maxExportBatchSize) {
      this.startExport();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.inFlight === undefined) this.startExport();
    }, this.limits.scheduledDelayMillis);
    this.timer.unref();
  }

  /** Exports everything queued (batch by batch, one at a time) and resolves when the exporter has it. */
  async drain(): Promise<void> {
    this.stopTimer();
    while (this.inFlight !== undefined || this.queue.length > 0) {
      if (this.inFlight === undefined) this.startExport();
      await this.inFlight;
    }
  }

  /** Stops the delay timer (shutdown). */
  stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startExport(): void {
    this.stopTimer();
    const size = this.limits.maxExportBatchSize;
    const batch = this.queue.length <= size ? this.queue : this.queue.slice(0, size);
    this.queue = this.queue.length <= size ? [] : this.queue.slice(size);
    this.inFlight = this.send(batch).finally(() => {
      this.inFlight = undefined;
      this.kick();
    });
  }

  private async send(batch: ReadableSpan[]): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timeout = setTimeout(() => resolve('timeout'), this.limits.exportTimeoutMillis);
      timeout.unref();
    });
    try {
      const result = await Promise.race([internal._export(this.exporter, batch), timedOut]);
      if (result === 'timeout' || result.code !== ExportResultCode.SUCCESS)
        this.events.exportFailures(batch.length);
    } catch {
      this.events.exportFailures(batch.length);
    } finally {
      clearTimeout(timeout);
    }
  }
}
