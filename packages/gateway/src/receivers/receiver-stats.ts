import { HistogramSeries } from '@autoscope/core';

/** Bucket bounds of the ingest latency histogram, in seconds. */
export const INGEST_SECONDS_BUCKETS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** The transport a request came in on. */
export type Transport = 'http' | 'grpc';

/**
 * Request and span totals per transport and outcome (`ok`, `bad_request`, `unauthenticated`,
 * `too_large`, `overloaded_memory`, `overloaded_log`, `shutdown`, `unsupported`, `error`); spans rejected
 * inside accepted requests (partial success) are counted under `rejected`, without a request.
 */
export class ReceiverStats {
  /** Requests by `transport outcome`. */
  readonly requests = new Map<string, number>();
  /** Spans by `transport outcome` (known only once decoded). */
  readonly spans = new Map<string, number>();
  /** Time from a request's arrival to its answer (acknowledgement or refusal), by transport. */
  readonly ingestSeconds: Readonly<Record<Transport, HistogramSeries>> = {
    http: new HistogramSeries(INGEST_SECONDS_BUCKETS),
    grpc: new HistogramSeries(INGEST_SECONDS_BUCKETS),
  };

  /** Records one request's ingest latency. */
  observeIngest(transport: Transport, seconds: number): void {
    this.ingestSeconds[transport].observe(seconds);
  }

  /** Counts `requests` requests (one unless told) and their spans under an outcome. */
  record(transport: Transport, outcome: string, spans: number, requests = 1): void {
    const key = `${transport} ${outcome}`;
    if (requests > 0) this.requests.set(key, (this.requests.get(key) ?? 0) + requests);
    if (spans > 0) this.spans.set(key, (this.spans.get(key) ?? 0) + spans);
  }
}
