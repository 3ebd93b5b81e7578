/**
 * The two parts the data flow is built on, as interfaces: the write-ahead log (`wal/`) and the downstream
 * exporters (`export/`). The flow depends only on these shapes, so it runs the same over the durable log
 * and over `MemorySpanLog`, and over any exporter.
 */

/** One record read back from the log. */
export interface LogRecord {
  readonly seq: bigint;
  readonly payload: Uint8Array;
}

/**
 * An append-only log of accepted requests (encoded `ExportTraceServiceRequest`s). `append` resolves with the
 * record's sequence number once it is durable under the log's fsync policy, and rejects when the log is over
 * its size limit. `release(seq)` says every span of the record is decided and exported.
 */
export interface SpanLog {
  append(payload: Uint8Array): Promise<bigint>;
  /** Unreleased records with `seq >= fromSeq`, in sequence order. */
  replay(fromSeq?: bigint): AsyncIterable<LogRecord>;
  release(seq: bigint): void;
  readonly usedBytes: number;
  close(): Promise<void>;
}

/**
 * A downstream exporter. `export` resolves when the backend accepted the request, retries transient
 * failures itself, and rejects only on a permanent error or shutdown.
 */
export interface TraceExporter {
  export(request: Uint8Array, spans: number): Promise<void>;
  /** Bytes waiting in the exporter's queue. */
  readonly queuedBytes: number;
  shutdown(): Promise<void>;
}
