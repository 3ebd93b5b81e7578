/** Counters of an exporter, as plain numbers so the server can publish them as metrics. */
export interface ExporterStats {
  /** Requests, spans and (uncompressed) bytes the backend accepted, partial successes included. */
  readonly sentRequests: number;
  readonly sentSpans: number;
  readonly sentBytes: number;
  /** Spans the backend reported as rejected in an OTLP partial-success answer (part of `sentSpans`). */
  readonly rejectedSpans: number;
  /** Requests, spans and bytes given up (permanent refusal, retries exhausted, shutdown). */
  readonly failedRequests: number;
  readonly failedSpans: number;
  readonly failedBytes: number;
  /** Retry attempts, and the spans and bytes they carried (counted once per retry). */
  readonly retries: number;
  readonly retriedSpans: number;
  readonly retriedBytes: number;
  /** Bytes of requests being sent or retried, and requests waiting to be admitted. */
  readonly queuedBytes: number;
  readonly waitingRequests: number;
}

/** The mutable counters behind `ExporterStats`. */
export type StatsCounters = {
  -readonly [K in Exclude<keyof ExporterStats, 'queuedBytes' | 'waitingRequests'>]: number;
};

/** Counters all at zero. */
export function zeroCounters(): StatsCounters {
  return {
    sentRequests: 0,
    sentSpans: 0,
    sentBytes: 0,
    rejectedSpans: 0,
    failedRequests: 0,
    failedSpans: 0,
    failedBytes: 0,
    retries: 0,
    retriedSpans: 0,
    retriedBytes: 0,
  };
}
