/** Exports to an OTLP/HTTP endpoint (`/v1/traces`) with protobuf bodies. */
import type { TraceExporter } from '../contracts.js';
import { Delivery, type DeliveryOptions } from './delivery.js';
import { ExporterOptionError } from './errors.js';
import { HttpTransport } from './http-transport.js';
import type { ExporterStats } from './stats.js';

/** Options of {@link OtlpHttpExporter}. */
export interface OtlpHttpExporterOptions extends DeliveryOptions {
  /** The full endpoint, e.g. `http://collector:4318/v1/traces`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Request body compression. Default `gzip`. */
  readonly compression?: 'gzip' | 'none';
  /** Timeout of one attempt. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * POSTs encoded `ExportTraceServiceRequest`s as `application/x-protobuf`. Retries 429/502/503/504 and
 * network errors with exponential backoff and jitter, honouring Retry-After; other 4xx/5xx reject with
 * `ExportRejectedError`. Partial successes resolve and are counted in `stats().rejectedSpans`.
 */
export class OtlpHttpExporter implements TraceExporter {
  private readonly delivery: Delivery;

  constructor(options: OtlpHttpExporterOptions) {
    const url = parseHttpUrl(options.url);
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ExporterOptionError(
        'timeoutMs',
        `expected a positive number of milliseconds, got ${timeoutMs}`,
      );
    }
    const headers = options.headers ?? {};
    const transport = new HttpTransport({
      url,
      headers,
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

  /** Lets queued requests finish (up to `shutdownTimeoutMs`), rejects the rest, closes connections. */
  shutdown(): Promise<void> {
    return this.delivery.shutdown();
  }
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ExporterOptionError(
      'url',
      `not a URL: ${JSON.stringify(text)} (e.g. http://127.0.0.1:4318/v1/traces)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ExporterOptionError('url', `expected http: or https:, got ${url.protocol}`);
  }
  return url;
}
