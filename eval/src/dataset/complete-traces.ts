import { type Span, type Trace, TraceAssembler } from '@autoscope/core';

/** Counts of what trace assembly set aside. */
export interface AssemblyCounts {
  /** Spans that repeated a span of a trace already handed out (overlapping input files). */
  repeatedSpans: number;
  /** New spans of a trace already handed out: left out of the evaluation (its trace was measured). */
  lateSpans: number;
}

/** Traces are complete 90 s of data time after their last span, or 10 minutes after their first. */
const ASSEMBLY = { idle: 90e9, maxWait: 600e9, maxSpans: 1_000_000, decidedCacheSize: 200_000 };
/** Handed-out traces whose span ids are remembered, to tell repeats from late spans. */
const REMEMBERED = 20_000;

/**
 * Groups a span stream into complete traces in data time (the clock is the latest span end seen), holding
 * at most a million spans. Spans arriving after their trace was handed out are not measured: repeats are
 * counted in `repeatedSpans`, new ones in `lateSpans`.
 */
export async function* completeTraces(
  batches: AsyncIterable<readonly Span[]>,
  counts: AssemblyCounts,
): AsyncGenerator<Trace> {
  const assembler = new TraceAssembler(ASSEMBLY);
  const handedOut = new Map<string, Set<string>>();
  const take = (traces: readonly (Trace & { readonly late: boolean })[]): Trace[] => {
    const ready: Trace[] = [];
    for (const trace of traces) {
      if (trace.late) countLate(trace, handedOut.get(trace.traceId), counts);
      else {
        remember(handedOut, trace);
        ready.push(trace);
      }
    }
    return ready;
  };
  let clock = Number.NEGATIVE_INFINITY;
  for await (const batch of batches) {
    for (const span of batch) {
      const end = Number(span.endTimeUnixNano);
      if (end > clock) clock = end;
    }
    yield* take(assembler.add(batch, clock));
    yield* take(assembler.poll(clock));
  }
  yield* take(assembler.flush());
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
