import type { Span } from '@autoscope/core';

/**
 * A stream of spans read from some input, in batches as the input delivers them. Spans of one trace may
 * be spread over many batches; `TraceAssembler` (core) groups them.
 */
export type SpanBatches = AsyncIterable<readonly Span[]>;

/** Counters a reader fills while it streams, for the summary. */
export interface ReadStats {
  /** Records read (lines, rows, spans), whatever the format's unit. */
  records: number;
  /** Records skipped as invalid; the first few errors are kept in `problems`. */
  skipped: number;
  readonly problems: string[];
}

/** Creates empty read statistics. */
export function newReadStats(): ReadStats {
  return { records: 0, skipped: 0, problems: [] };
}
