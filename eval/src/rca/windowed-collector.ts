import type { Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import type { RcaCollector, RcaMethod } from './method.js';
import type { TraceShape } from './trace-shape.js';

/** Span time a stream may run out of order: a case is ranked this long after the stream passed its reach. */
export const RCA_LATENESS_NANOS = 15n * 60n * 1_000_000_000n;

/** A forward jump of the stream's time larger than this must be confirmed by the next traces. */
export const RCA_CLOCK_JUMP_NANOS = 60n * 60n * 1_000_000_000n;
/** Traces in a row that must lie past a jump before the stream's time moves there. */
const JUMP_CONFIRMATIONS = 3;

/**
 * Bounds an RCA collector to the fault cases still open. The stream's time is the latest trace start
 * (a trace's earliest span) added, moved forward by more than {@link RCA_CLOCK_JUMP_NANOS} only when
 * three traces in a row lie past the jump (a real gap between recording days), so one trace with a
 * far-future clock cannot rank every open case early; once it is the method's reach (plus {@link RCA_LATENESS_NANOS}) past a case's end, the case is
 * ranked and its ranking kept; the collector then forgets (and does so again every lateness of stream
 * time) everything before the earliest reach of the cases still open, or before the lateness and reach
 * behind the stream. Memory is then what the method holds over the open cases' reach (for the defaults, about
 * two days of span time around them), not the whole dataset; each case's ranking costs what it costs on
 * that window, so ranking stays linear in the number of faults.
 *
 * Traces added after their case was ranked no longer count for it (more than the lateness out of order).
 * A method without `reachNanos` or a collector without `forgetBefore` is returned as it is.
 */
export function windowedCollector(method: RcaMethod, faults: readonly Fault[]): RcaCollector {
  const inner = method.createCollector();
  if (method.reachNanos === undefined || inner.forgetBefore === undefined) return inner;
  return new WindowedCollector(inner, method.reachNanos, faults);
}

class WindowedCollector implements RcaCollector {
  private readonly ranked = new Map<Fault, string[]>();
  /** Cases not ranked yet, by when they can be ranked (end + reach + lateness), earliest first. */
  private readonly open: Fault[];
  private latest: bigint | undefined;
  private forgotAt: bigint | undefined;
  /** Traces in a row past a jump of the clock, and the earliest of their starts. */
  private jumps = 0;
  private jumpTo: bigint | undefined;
  /** Traces whose clock jumped ahead and was not confirmed (left out of the stream's time). */
  clockOutliers = 0;

  constructor(
    private readonly inner: RcaCollector,
    private readonly reach: bigint,
    faults: readonly Fault[],
  ) {
    this.open = [...faults].sort((a, b) => compare(this.due(a), this.due(b)));
  }

  add(trace: Trace, shape?: TraceShape): void {
    this.inner.add(trace, shape);
    const latest = this.advance(trace);
    if (latest === undefined) return;
    if (this.open.length > 0 && this.due(this.open[0]!) <= latest) this.close(latest);
    else if (this.forgotAt === undefined || latest - this.forgotAt >= RCA_LATENESS_NANOS) this.forget(latest);
  }

  rank(fault: Fault): string[] {
    return this.ranked.get(fault) ?? this.inner.rank(fault);
  }

  note(): string | undefined {
    const inner = this.inner.note?.();
    if (this.clockOutliers === 0) return inner;
    const clock = `${this.clockOutliers} trace(s) started more than an hour ahead of the stream and were not followed by others: they did not move the stream's time`;
    return inner === undefined ? clock : `${inner}; ${clock}`;
  }

  private close(latest: bigint): void {
    while (this.open.length > 0 && this.due(this.open[0]!) <= latest) {
      const fault = this.open.shift()!;
      this.ranked.set(fault, this.inner.rank(fault));
    }
    this.forget(latest);
  }

  /** Forgets what neither an open case nor a late trace can need. */
  private forget(latest: bigint): void {
    this.forgotAt = latest;
    let keepFrom = latest - this.reach - RCA_LATENESS_NANOS;
    for (const fault of this.open) {
      const from = fault.start - this.reach;
      if (from < keepFrom) keepFrom = from;
    }
    this.inner.forgetBefore!(keepFrom);
  }

  /** Moves the stream's time to this trace's start, unless that is an unconfirmed jump ahead. */
  private advance(trace: Trace): bigint | undefined {
    let start: bigint | undefined;
    for (const span of trace.spans) {
      if (start === undefined || span.startTimeUnixNano < start) start = span.startTimeUnixNano;
    }
    if (start === undefined) return this.latest;
    const latest = this.latest;
    if (latest === undefined || start <= latest + RCA_CLOCK_JUMP_NANOS) {
      this.clockOutliers += this.jumps;
      this.jumps = 0;
      this.jumpTo = undefined;
      if (latest === undefined || start > latest) this.latest = start;
      return this.latest;
    }
    this.jumps++;
    this.jumpTo = this.jumpTo === undefined || start < this.jumpTo ? start : this.jumpTo;
    if (this.jumps < JUMP_CONFIRMATIONS) return latest;
    this.latest = this.jumpTo;
    this.jumps = 0;
    this.jumpTo = undefined;
    return this.latest;
  }

  private due(fault: Fault): bigint {
    return later(fault.start, fault.end) + this.reach + RCA_LATENESS_NANOS;
  }
}

function later(a: bigint, b: bigint): bigint {
  if (b > a) return b;
  return a;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
