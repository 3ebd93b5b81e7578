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

  /** Counts `requests` requests (one unless told) and their spans under an outcome. */
  record(transport: Transport, outcome: string, spans: number, requests = 1): void {
    const key = `${transport} ${outcome}`;
    if (requests > 0) this.requests.set(key, (this.requests.get(key) ?? 0) + requests);
    if (spans > 0) this.spans.set(key, (this.spans.get(key) ?? 0) + spans);
  }
}
