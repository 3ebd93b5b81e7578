import { type CompletedTrace, TraceAssembler } from '@autoscope/core';
import type { SpanBatches } from './source.js';

/** How spans read from a file are grouped into traces, in data time (span end times, nanoseconds). */
export interface FileAssemblyOptions {
  /** A trace is complete this long (of span time) after its last span. Default 90 s. */
  readonly idleNanos?: number;
  /** A trace is complete this long after its first span, root or not. Default 10 min. */
  readonly maxWaitNanos?: number;
  /** Spans held at most; past it the oldest traces complete early. Default 1,000,000. */
  readonly maxSpans?: number;
  /** Decided trace ids remembered so late spans are marked late. Default 200,000. */
  readonly decidedCacheSize?: number;
}

/** Defaults of {@link FileAssemblyOptions}: generous for files whose spans are roughly time-ordered. */
export const FILE_ASSEMBLY = Object.freeze({
  idleNanos: 90e9,
  maxWaitNanos: 600e9,
  maxSpans: 1_000_000,
  decidedCacheSize: 200_000,
});

/**
 * Groups a file's span batches into complete traces. The clock is the latest span end seen so far, so
 * memory is bounded by the spans of the last `idleNanos` of data (and `maxSpans`), not by the file.
 * Spans of a trace that was already handed out come out again as a `late` trace.
 */
export async function* assembleTraces(
  batches: SpanBatches,
  options: FileAssemblyOptions = {},
): AsyncGenerator<CompletedTrace> {
  const o = { ...FILE_ASSEMBLY, ...options };
  const assembler = new TraceAssembler({
    idle: o.idleNanos,
    maxWait: o.maxWaitNanos,
    maxSpans: o.maxSpans,
    decidedCacheSize: o.decidedCacheSize,
  });
  let clock = Number.NEGATIVE_INFINITY;
  let latest: bigint | undefined;
  for await (const batch of batches) {
    // Compared as bigints and converted once per batch (Number() keeps their order).
    for (let i = 0; i < batch.length; i++) {
      const end = batch[i]!.endTimeUnixNano;
      if (latest === undefined || end > latest) latest = end;
    }
    if (latest !== undefined) clock = Number(latest);
    yield* assembler.add(batch, clock);
    yield* assembler.poll(clock);
  }
  yield* assembler.flush();
}
