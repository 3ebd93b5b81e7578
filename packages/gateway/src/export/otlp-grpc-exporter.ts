/** Exports to an OTLP/gRPC endpoint (TraceService/Export). */
import type { TraceExporter } from '../contracts.js';
import { Delivery, type DeliveryOptions } from './delivery.js';
import { ExporterOptionError } from './errors.js';
import { GrpcTransport } from './grpc-transport.js';
import type { ExporterStats } from './stats.js';

/** Options of {@link OtlpGrpcExporter}. */
export interface OtlpGrpcExporterOptions extends DeliveryOptions {
  /** `http://host:4317` (plaintext), `https://host:4317` (TLS) or `host:4317` (plaintext). */
  readonly url: string;
  /** Sent as gRPC metadata (keys lower-cased). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Message compression. Default `gzip`. */
  readonly compression?: 'gzip' | 'none';
  /** Deadline of one attempt. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Calls `opentelemetry.proto.collector.trace.v1.TraceService/Export` with encoded
 * `ExportTraceServiceRequest`s. Retries CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED,
 * OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS with exponential backoff and jitter (a RetryInfo detail sets the
 * delay); other statuses reject with `ExportRejectedError`. Partial successes resolve and are counted.
 */
export class OtlpGrpcExporter implements TraceExporter {
  private readonly delivery: Delivery;

  constructor(options: OtlpGrpcExporterOptions) {
    if (!/^(https?:\/\/)?[^/\s]+\/?$/.test(options.url)) {
      throw new ExporterOptionError(
        'url',
        `expected http://host:port or host:port, got ${JSON.stringify(options.url)}`,
      );
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ExporterOptionError(
        'timeoutMs',
        `expected a positive number of milliseconds, got ${timeoutMs}`,
      );
    }
    const transport = new GrpcTransport({
      url: options.url,
      headers: options.headers ?? {},
      compression: options.compression ?? 'gzip',
      timeoutMs,
    });
    this.delivery = new Delivery(transport, options);
  }

  /** Delivers one request; waits while the queue is full. See {@link Delivery.export}. */
  export(request: Uint8Array, spans: number): Promise<void> {
    return this.delivery.export(request, spans);
  }

  /** Bytes of requests being sent or retried. */
  get queuedBytes(): number {
    return this.delivery.queuedBytes;
  }

  /** Counters of sent, failed and retried requests, spans and bytes. */
  stats(): ExporterStats {
    return this.delivery.stats();
  }

  /** Lets queued requests finish (up to `shutdownTimeoutMs`), rejects the rest, closes the channel. */
  shutdown(): Promise<void> {
    return this.delivery.shutdown();
  }
}
