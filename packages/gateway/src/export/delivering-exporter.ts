import type { TraceExporter } from '../contracts.js';
import type { Delivery } from './delivery.js';
import { ExporterOptionError } from './errors.js';
import type { ExporterStats } from './stats.js';

/** What every exporter does once it has a transport: queue, retry, count and drain through a Delivery. */
export abstract class DeliveringExporter implements TraceExporter {
  protected constructor(private readonly delivery: Delivery) {}

  /** Delivers one request; waits while the queue is full. See {@link Delivery.export}. */
  export(request: Uint8Array, spans: number): Promise<void> {
    return this.delivery.export(request, spans);
  }

  /** Bytes of requests being sent, retried or written. */
  get queuedBytes(): number {
    return this.delivery.queuedBytes;
  }

  /** Counters of sent, failed and retried requests, spans and bytes. */
  stats(): ExporterStats {
    return this.delivery.stats();
  }

  /** Lets queued requests finish (up to `shutdownTimeoutMs`), rejects the rest, closes the transport. */
  shutdown(): Promise<void> {
    return this.delivery.shutdown();
  }
}

/** The per-attempt timeout option of the network exporters (default 10 s), validated. */
export function attemptTimeoutMs(value: number | undefined): number {
  const timeoutMs = value ?? 10_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ExporterOptionError(
      'timeoutMs',
      `expected a positive number of milliseconds, got ${timeoutMs}`,
    );
  return timeoutMs;
}
