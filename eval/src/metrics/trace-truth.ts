import { buildTraceTree, type Trace, type TraceTree, traceShapeHash } from '@autoscope/core';
import { encodeTraceRequest } from '@autoscope/otlp';
import type { FaultMatcher } from './fault-matcher.js';

/** What the full data says about one trace, computed once and shared by every sampler's meter. */
export interface TraceTruth {
  /** The trace as assembled (spans in arrival order), as a sampler pipeline takes it. */
  readonly trace: Trace;
  readonly tree: TraceTree;
  /** Fault index of each span (into the fault list), -1 for normal spans. */
  readonly faultOf: Int32Array;
  readonly faultySpans: number;
  /** The trace as one OTLP protobuf `ExportTraceServiceRequest`. */
  readonly encoded: Uint8Array;
  /** Full shape hash of the trace (see `traceShapeHash`). */
  readonly shape: number;
  /** Index of each span id in `tree.spans`. */
  readonly indexOf: ReadonlyMap<string, number>;
}

/** Builds the truth of one complete trace. */
export function traceTruth(trace: Trace, matcher: FaultMatcher): TraceTruth {
  const tree = buildTraceTree(trace);
  const faultOf = matcher.classify(tree);
  let faultySpans = 0;
  for (const f of faultOf) if (f >= 0) faultySpans++;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < tree.spans.length; i++) indexOf.set(tree.spans[i]!.spanId, i);
  return {
    trace,
    tree,
    faultOf,
    faultySpans,
    encoded: encodeTraceRequest(tree.spans),
    shape: traceShapeHash(tree),
    indexOf,
  };
}
