import type { Span, Trace } from '@autoscope/core';
import { assembleTraces } from '@autoscope/formats';

/** Counts of what trace assembly set aside. */
export interface AssemblyCounts {
  /** Spans that repeated a span of a trace already handed out (overlapping input files). */
  repeatedSpans: number;
  /** New spans of a trace already handed out: left out of the evaluation (its trace was measured). */
  lateSpans: number;
}

/**
 * Handed-out traces whose span ids are remembered, to tell repeats from late spans; also the assembler's
 * decided trace ids, as in `autoscope sample`. Readers slice ids out of the large texts they read (V8
 * sliced strings), so an id held keeps its whole text alive (a heap snapshot of a 2M-span run showed 318 MB
 * of such texts): the assembler's default (200 000) would hold every trace id of a 10M-span TrainTicket run.
 */
const REMEMBERED = 20_000;

/**
 * Groups a span stream into complete traces in data time with `assembleTraces` (90 s idle, 10 min at
 * most, a million spans held, the last 20 000 trace ids remembered, as `autoscope sample` does). Spans
 * arriving after their trace was handed out are not measured: repeats are counted in `repeatedSpans`, new
 * ones in `lateSpans`.
 */
export async function* completeTraces(
  batches: AsyncIterable<readonly Span[]>,
  counts: AssemblyCounts,
): AsyncGenerator<Trace> {
  const handedOut = new Map<string, Set<string>>();
  for await (const trace of assembleTraces(batches, { decidedCacheSize: REMEMBERED })) {
    if (trace.late) countLate(trace, handedOut.get(trace.traceId), counts);
    else {
      remember(handedOut, trace);
      yield trace;
    }
  }
}

function remember(handedOut: Map<string, Set<string>>, trace: Trace): void {
  handedOut.set(trace.traceId, new Set(trace.spans.map((s) => s.spanId)));
  if (handedOut.size > REMEMBERED) {
    const oldest = handedOut.keys().next().value;
    if (oldest !== undefined) handedOut.delete(oldest);
  }
}

function countLate(trace: Trace, seen: Set<string> | undefined, counts: AssemblyCounts): void {
  for (const span of trace.spans) {
    if (seen?.has(span.spanId) === true) counts.repeatedSpans++;
    else {
      counts.lateSpans++;
      seen?.add(span.spanId);
    }
  }
}
