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
 * to twice it; every span refused is counted by reason, none silently. While `unbounded` (a flush, a
 * tick's batch), every span is admitted: a flush exports everything it kept.
 */
export class ExportQueue {
  /** Spans waiting are `queue[head..]`: batches are taken from the front without shifting the rest. */
  private queue: ReadableSpan[] = [];
  private head = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly exporter: SpanExporter;
  private readonly limits: ExportQueueLimits;
  private readonly events: ExportQueueEvents;
  private readonly isProtected: (span: ReadableSpan) => boolean;
  /** Exports that timed out so far (a drain stops at the first one of its own). */
  private timeouts = 0;
  /**
   * While true every span is admitted, past `maxQueueSize` too: set while a flush decides everything
   * buffered, and while a tick decides its batch if the queue was within `maxQueueSize` before it (at most
   * `maxBufferedSpans` spans, already held), so none of their kept spans is dropped.
   */
  unbounded = false;
  /** Set by `close` (shutdown): from then on only `drain` starts exports. */
  private closing = false;
  /** Set by `abandon` (end of shutdown): no export starts at all any more, not even a drain's. */
  private abandoned = false;
  /** Drains running: while one runs, drains alone start exports (so each can stop at its deadline). */
  private draining = 0;

  /** `isProtected` tells which spans are admitted past `maxQueueSize` (asked only when it is reached). */
  constructor(
    exporter: SpanExporter,
    limits: ExportQueueLimits,
    events: ExportQueueEvents,
    isProtected: (span: ReadableSpan) => boolean,
  ) {
    this.exporter = exporter;
    this.limits = limits;
    this.events = events;
    this.isProtected = isProtected;
  }

  /** Spans waiting (not counting the batch in flight). */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Queues one span; call `kick` after a run of `add`s. */
  add(span: ReadableSpan): void {
    const length = this.queue.length - this.head;
    if (length < this.limits.maxQueueSize || this.unbounded) this.queue.push(span);
    else if (!this.isProtected(span)) this.events.dropped(1, 'queue_full');
    else if (length < this.limits.maxQueueSize * 2) this.queue.push(span);
    else this.events.dropped(1, 'queue_full_protected');
  }

  /** Starts an export when a batch is full, else arms the delay timer. */
  kick(): void {
    if (this.closing || this.draining > 0 || this.inFlight !== undefined || this.size === 0) return;
    if (this.size >= this.limits.maxExportBatchSize) {
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

  /**
   * Exports everything queued (batch by batch, one at a time) and resolves when the exporter has it, or
   * gives up when an export it waits for times out (an exporter that hangs would make every further batch
   * wait `exportTimeoutMillis` too) or when `exportTimeoutMillis` have passed since it began (an exporter
   * that fails slowly, as the OTLP exporters do after their own 10 s when the collector is unreachable,
   * would make a flush of many batches take minutes): it starts no export past that time, so it takes at
   * most `exportTimeoutMillis` plus the export then in flight. A failed export alone does not stop it.
   * Once it gives up, the queue is brought back within its bounds by `add`'s rule (see `trim`), so flushes
   * that keep giving up cannot make it grow; what is left is exported later, or counted by `abandon`.
   */
  async drain(): Promise<void> {
    this.stopTimer();
    const timeouts = this.timeouts;
    const deadline = performance.now() + this.limits.exportTimeoutMillis;
    // A drain begun before `close` (a flush running into shutdown) leaves the rest to shutdown's drain.
    const beforeClose = !this.closing;
    this.draining++;
    try {
      while (this.inFlight !== undefined || this.size > 0) {
        if (this.inFlight === undefined) {
          if (this.abandoned || (beforeClose && this.closing) || performance.now() >= deadline) break;
          this.startExport();
        }
        await this.inFlight;
        if (this.timeouts !== timeouts) break;
      }
    } finally {
      this.draining--;
    }
    if (this.size > 0) this.trim();
    this.kick();
  }

  /** Shutdown: no export starts after this but the ones `drain` starts. */
  close(): void {
    this.closing = true;
    this.stopTimer();
  }

  /** Counts the spans still queued as export failures and lets go of them (shutdown after `drain`). */
  abandon(): void {
    this.abandoned = true;
    this.closing = true;
    this.stopTimer();
    const left = this.size;
    this.queue = [];
    this.head = 0;
    if (left > 0) this.events.exportFailures(left);
  }

  /**
   * Brings the queue back within the bounds `add` keeps (a flush admitted past them): protected spans up
   * to twice `maxQueueSize`, others in what room is left up to `maxQueueSize`, oldest first, order kept.
   * The rest is dropped and counted as `add` would count it (`queue_full`, `queue_full_protected`).
   */
  private trim(): void {
    const max = this.limits.maxQueueSize;
    const { queue, head } = this;
    if (queue.length - head <= max) return;
    let protectedCount = 0;
    for (let i = head; i < queue.length; i++) if (this.isProtected(queue[i]!)) protectedCount++;
    let protectedRoom = Math.min(protectedCount, 2 * max);
    let plainRoom = Math.min(queue.length - head - protectedCount, max, 2 * max - protectedRoom);
    const kept: ReadableSpan[] = [];
    let droppedPlain = 0;
    let droppedProtected = 0;
    for (let i = head; i < queue.length; i++) {
      const span = queue[i]!;
      if (this.isProtected(span)) {
        if (protectedRoom-- > 0) kept.push(span);
        else droppedProtected++;
      } else if (plainRoom-- > 0) kept.push(span);
      else droppedPlain++;
    }
    this.queue = kept;
    this.head = 0;
    if (droppedPlain > 0) this.events.dropped(droppedPlain, 'queue_full');
    if (droppedProtected > 0) this.events.dropped(droppedProtected, 'queue_full_protected');
  }

  /** Stops the delay timer (shutdown). */
  stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startExport(): void {
    this.stopTimer();
    const size = this.limits.maxExportBatchSize;
    const { queue, head } = this;
    let batch: ReadableSpan[];
    if (queue.length - head <= size) {
      batch = head === 0 ? queue : queue.slice(head);
      this.queue = [];
      this.head = 0;
    } else {
      batch = queue.slice(head, head + size);
      this.head = head + size;
      // The exported front still holds its spans: drop it once it is most of the array (amortised O(1)).
      if (this.head * 2 > queue.length) {
        this.queue = queue.slice(this.head);
        this.head = 0;
      }
    }
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
      if (result === 'timeout') this.timeouts++;
      if (result === 'timeout' || result.code !== ExportResultCode.SUCCESS)
        this.events.exportFailures(batch.length);
    } catch {
      this.events.exportFailures(batch.length);
    } finally {
      clearTimeout(timeout);
    }
  }
}
