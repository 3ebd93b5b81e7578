/** Limits and timing of the gateway's data flow (times in milliseconds). */
export interface FlowOptions {
  /** A trace whose root arrived is decided after this long without a new span. */
  readonly decisionWaitMs: number;
  /** A trace is decided at the latest this long after its first span. */
  readonly maxWaitMs: number;
  /** Decided trace ids remembered so late spans follow the decision. */
  readonly decidedCacheSize: number;
  /** Spans of one trace held at most; more are rejected (partial success). */
  readonly maxSpansPerTrace: number;
  /** Spans held in the assembler at most (a second bound beside `maxBufferedBytes`). */
  readonly maxBufferedSpans: number;
  /**
   * Encoded bytes of accepted requests held in memory at most. Above it new requests are only written to
   * the log and read back when memory and the exporter have room again.
   */
  readonly maxBufferedBytes: number;
  /** Above this many bytes queued in the exporter, new requests also stay in the log only. */
  readonly maxExportQueueBytes: number;
  /** Spans per export request. */
  readonly exportBatchSpans: number;
  /** How often complete traces are looked for and batches sent. */
  readonly tickMs: number;
}
