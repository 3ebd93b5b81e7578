/** Running totals of the data flow, for `/metrics` and the shutdown log line. */
export interface FlowCounters {
  /** Spans acknowledged to clients (in the log). */
  acceptedSpans: number;
  acceptedRecords: number;
  /** Spans refused with 429/503 (or the gRPC equivalents), by reason. */
  refusedSpans: { memory: number; log: number; shutdown: number };
  /**
   * Spans rejected inside accepted requests (OTLP partial success), by reason: invalid ids, over the
   * per-trace limit, late for a trace decided with nothing kept.
   */
  rejectedSpans: { invalid: number; trace_limit: number; trace_dropped: number };
  /** Buffered spans that failed to decode when their trace was decided (dropped, logged once). */
  undecodableSpans: number;
  /** Spans sent to the exporter and accepted downstream. */
  exportedSpans: number;
  exportRequests: number;
  /** Output spans the exporter gave up on (permanent errors). */
  exportFailedSpans: number;
  /** Records written to the log while memory or the exporter was full (read back later). */
  spilledRecords: number;
  /** Records read back from the log (after a restart or a spill). */
  replayedRecords: number;
  /** Log records that could not be decoded on replay (released, counted, logged once). */
  corruptRecords: number;
  /** Traces the sampler failed on (exported whole). */
  decideErrors: number;
}

/** Zeroed counters. */
export function newFlowCounters(): FlowCounters {
  return {
    acceptedSpans: 0,
    acceptedRecords: 0,
    refusedSpans: { memory: 0, log: 0, shutdown: 0 },
    rejectedSpans: { invalid: 0, trace_limit: 0, trace_dropped: 0 },
    undecodableSpans: 0,
    exportedSpans: 0,
    exportRequests: 0,
    exportFailedSpans: 0,
    spilledRecords: 0,
    replayedRecords: 0,
    corruptRecords: 0,
    decideErrors: 0,
  };
}
