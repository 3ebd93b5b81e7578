/**
 * What every exporter shares: the bounded queue (backpressure), retries with backoff and jitter,
 * counters, and shutdown. The transport it drives only makes single attempts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExportResult } from '@autoscope/otlp';
import { AdmissionQueue } from './admission.js';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import {
  ExporterOptionError,
  ExportRejectedError,
  ExportRetriesExhaustedError,
  ExportShutdownError,
} from './errors.js';
import { type ExporterStats, zeroCounters } from './stats.js';
import type { Transport } from './transport.js';

/** Queue, retry and shutdown options shared by every exporter. */
export interface DeliveryOptions {
  /** Bytes of requests being sent or retried at once; `export` waits beyond it. Default 32 MiB. */
  readonly maxQueueBytes?: number;
  /** Requests sent at once. Default 4 (1 for the file exporter, which keeps order). */
  readonly maxConcurrentRequests?: number;
  readonly retry?: RetryPolicy;
  /** How long `shutdown` lets queued requests finish before rejecting them. Default 10 000 ms. */
  readonly shutdownTimeoutMs?: number;
  /** Called when the backend accepted a request but rejected some of its spans (OTLP partial success). */
  readonly onPartialSuccess?: (result: ExportResult) => void;
  /** Source of jitter in [0, 1); default Math.random. */
  readonly random?: () => number;
}

/** Sends requests through a transport with a bounded queue and retries. */
export class Delivery {
  private readonly admission: AdmissionQueue;
  private readonly counters = zeroCounters();
  private readonly stop = new AbortController();
  private readonly active = new Set<Promise<void>>();
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private closing = false;

  constructor(
    private readonly transport: Transport,
    private readonly options: DeliveryOptions,
  ) {
    const maxBytes = options.maxQueueBytes ?? 32 << 20;
    const maxRequests = options.maxConcurrentRequests ?? 4;
    checkPositive('maxQueueBytes', maxBytes);
    checkPositive('maxConcurrentRequests', maxRequests);
    this.retry = options.retry ?? DEFAULT_RETRY;
    checkPositive('retry.initialMs', this.retry.initialMs);
    checkPositive('retry.maxMs', this.retry.maxMs);
    this.admission = new AdmissionQueue(maxBytes, maxRequests);
    this.random = options.random ?? Math.random;
  }

  /** Bytes of requests being sent or retried. */
  get queuedBytes(): number {
    return this.admission.bytes;
  }

  /** The counters, as plain numbers. */
  stats(): ExporterStats {
    return { ...this.counters, queuedBytes: this.admission.bytes, waitingRequests: this.admission.waiting };
  }

  /**
   * Delivers one request holding `spans` spans: waits for room in the queue, then sends and retries
   * transient failures. Resolves when the backend accepted it (partial successes included, counted);
   * rejects with `ExportRejectedError`, `ExportRetriesExhaustedError` or `ExportShutdownError`.
   */
  export(request: Uint8Array, spans: number): Promise<void> {
    if (this.closing) return Promise.reject(this.shutdownError(request, spans));
    const run = this.admitAndDeliver(request, spans);
    const tracked = run.catch(() => undefined);
    this.active.add(tracked);
    void tracked.then(() => this.active.delete(tracked));
    return run;
  }

  /**
   * Stops accepting requests, lets queued ones finish for up to `shutdownTimeoutMs`, then rejects the
   * rest with `ExportShutdownError` and closes the transport.
   */
  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const timeout = this.options.shutdownTimeoutMs ?? 10_000;
    const timer = setTimeout(() => this.abortAll(), timeout);
    while (this.active.size > 0) await Promise.all(this.active);
    clearTimeout(timer);
    await this.transport.close();
  }

  private abortAll(): void {
    this.stop.abort();
    this.admission.rejectWaiting(new ExportShutdownError(this.transport.name));
  }

  private async admitAndDeliver(request: Uint8Array, spans: number): Promise<void> {
    try {
      await this.admission.acquire(request.length);
    } catch (error) {
      this.countFailed(request, spans);
      throw error;
    }
    try {
      await this.deliver(request, spans);
    } finally {
      this.admission.release(request.length);
    }
  }

  private async deliver(request: Uint8Array, spans: number): Promise<void> {
    let body: Uint8Array;
    try {
      body = await this.transport.prepare(request);
    } catch (error) {
      this.countFailed(request, spans);
      throw error;
    }
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      if (this.stop.signal.aborted) throw this.shutdownError(request, spans);
      const outcome = await this.transport.send(body, this.stop.signal);
      if (outcome.kind === 'sent') return this.countSent(request, spans, outcome.result);
      if (this.stop.signal.aborted) throw this.shutdownError(request, spans);
      if (outcome.kind === 'failed') {
        this.countFailed(request, spans);
        throw new ExportRejectedError(this.transport.name, outcome.status, outcome.reason);
      }
      const delay = outcome.retryAfterMs ?? backoffDelay(this.retry, attempt - 1, this.random);
      const elapsed = performance.now() - started;
      const limit = this.retry.maxElapsedMs;
      if (limit !== undefined && elapsed + delay > limit) {
        this.countFailed(request, spans);
        throw new ExportRetriesExhaustedError(this.transport.name, attempt, elapsed, outcome.reason);
      }
      this.countRetry(request, spans);
      await sleep(delay, undefined, { signal: this.stop.signal }).catch(() => undefined);
    }
  }

  private countSent(request: Uint8Array, spans: number, result: ExportResult): void {
    this.counters.sentRequests++;
    this.counters.sentSpans += spans;
    this.counters.sentBytes += request.length;
    if (result.rejectedSpans > 0 || result.errorMessage !== '') {
      this.counters.rejectedSpans += Math.min(spans, Math.max(0, result.rejectedSpans));
      this.options.onPartialSuccess?.(result);
    }
  }

  private countRetry(request: Uint8Array, spans: number): void {
    this.counters.retries++;
    this.counters.retriedSpans += spans;
    this.counters.retriedBytes += request.length;
  }

  private countFailed(request: Uint8Array, spans: number): void {
    this.counters.failedRequests++;
    this.counters.failedSpans += spans;
    this.counters.failedBytes += request.length;
  }

  private shutdownError(request: Uint8Array, spans: number): ExportShutdownError {
    this.countFailed(request, spans);
    return new ExportShutdownError(this.transport.name);
  }
}

function checkPositive(option: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ExporterOptionError(option, `expected a positive number, got ${value}`);
  }
}
