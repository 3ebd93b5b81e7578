/** Exports to an OTLP/HTTP endpoint (`/v1/traces`) with protobuf bodies. */
import { attemptTimeoutMs, DeliveringExporter } from './delivering-exporter.js';
import { Delivery, type DeliveryOptions } from './delivery.js';
import { ExporterOptionError } from './errors.js';
import { HttpTransport } from './http-transport.js';

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
export class OtlpHttpExporter extends DeliveringExporter {
  constructor(options: OtlpHttpExporterOptions) {
    const url = parseHttpUrl(options.url);
    const timeoutMs = attemptTimeoutMs(options.timeoutMs);
    const headers = options.headers ?? {};
    const transport = new HttpTransport({
      url,
      headers,
      compression: options.compression ?? 'gzip',
      timeoutMs,
    });
    super(new Delivery(transport, options));
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
