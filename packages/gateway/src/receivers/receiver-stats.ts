/** The transport a request came in on. */
export type Transport = 'http' | 'grpc';

/**
 * Request and span totals per transport and outcome (`ok`, `bad_request`, `unauthenticated`,
 * `too_large`, `overloaded_memory`, `overloaded_log`, `shutdown`, `unsupported`, `error`).
 */
export class ReceiverStats {
  /** Requests by `transport outcome`. */
  readonly requests = new Map<string, number>();
  /** Spans by `transport outcome` (known only once decoded). */
  readonly spans = new Map<string, number>();

  /** Counts one request. */
  record(transport: Transport, outcome: string, spans: number): void {
    const key = `${transport} ${outcome}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    if (spans > 0) this.spans.set(key, (this.spans.get(key) ?? 0) + spans);
  }
}
