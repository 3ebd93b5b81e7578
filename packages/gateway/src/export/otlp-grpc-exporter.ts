/** Exports to an OTLP/gRPC endpoint (TraceService/Export). */
import { attemptTimeoutMs, DeliveringExporter } from './delivering-exporter.js';
import { Delivery, type DeliveryOptions } from './delivery.js';
import { ExporterOptionError } from './errors.js';
import { GrpcTransport } from './grpc-transport.js';

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
export class OtlpGrpcExporter extends DeliveringExporter {
  constructor(options: OtlpGrpcExporterOptions) {
    if (!/^(https?:\/\/)?[^/\s]+\/?$/.test(options.url)) {
      throw new ExporterOptionError(
        'url',
        `expected http://host:port or host:port, got ${JSON.stringify(options.url)}`,
      );
    }
    const timeoutMs = attemptTimeoutMs(options.timeoutMs);
    const transport = new GrpcTransport({
      url: options.url,
      headers: options.headers ?? {},
      compression: options.compression ?? 'gzip',
      timeoutMs,
    });
    super(new Delivery(transport, options));
  }
}
