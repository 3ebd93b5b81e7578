/**
 * The contract of a trace-based root-cause-analysis method, as the evaluation uses it: feed it the traces a
 * sampler kept (or the full data), then ask it to rank services for each fault case. The evaluation checks
 * that sampled data still points at the injected service as well as the full data does.
 */
import type { Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import type { TraceShape } from './trace-shape.js';

/** One RCA method: a name for reports and a factory for a fresh, empty collector. */
export interface RcaMethod {
  /** Short stable name, used as the key in `rcaMethods`. */
  readonly name: string;
  /** One line on what the method does. */
  readonly description: string;
  /**
   * How far from a fault window, in span time, the method looks (its baseline and guard). When given with
   * the collector's `forgetBefore`, the evaluation ranks each case once the stream is this far past it and
   * then lets the collector forget what no open case needs (see `WindowedCollector`).
   */
  readonly reachNanos?: bigint;
  /** A new collector with nothing added. */
  createCollector(): RcaCollector;
}

/**
 * Streaming state of one RCA method over one stream of traces. Memory is bounded by services x time
 * buckets (and operations), never by traces or spans.
 */
export interface RcaCollector {
  /**
   * A trace as kept by a sampler (or the full trace). Kept spans only; placeholders from a skeleton output
   * carry the scope name PLACEHOLDER_SCOPE_NAME from @autoscope/core and are ignored; `autoscope.*`
   * summary attributes of dropped spans may be used. `shape`, when the output let one rebuild it, counts
   * every span of the original trace by service and name, dropped ones included (kept spans' data stays
   * the only timing and status there is). Never throws.
   */
  add(trace: Trace, shape?: TraceShape): void;
  /**
   * Services ranked most suspect first for this fault case (its window `[start, end)`), using only what was
   * added; never looks at `fault.service`. Empty when nothing was seen.
   */
  rank(fault: Fault): string[];
  /** Drops what was added for times before `timeUnixNano` (ranks of cases ending earlier change). */
  forgetBefore?(timeUnixNano: bigint): void;
  /** Set when the method's own signal was undefined on what was added and it ranked by a fallback: says so. */
  note?(): string | undefined;
}
