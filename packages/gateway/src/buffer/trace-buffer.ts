import type { CompletionCause } from '@autoscope/core';
import type { ScannedRequest } from './scanned-request.js';

/** Limits and timing of trace assembly (milliseconds). */
export interface TraceBufferOptions {
  /** A trace whose root arrived is complete after this long without a new span. */
  readonly idle: number;
  /** A trace is complete this long after its first span, root or not. */
  readonly maxWait: number;
  /** Spans held at most; past it the oldest traces are completed early. */
  readonly maxSpans: number;
  /** Decided trace ids remembered, so late spans follow their trace's decision. */
  readonly decidedCacheSize: number;
  /** Spans of one trace held at most; more are rejected at admission. */
  readonly maxSpansPerTrace: number;
}

/** A trace ready for a decision, its spans as references into `HeldRecords`. */
export interface RefTrace {
  readonly traceId: string;
  readonly refs: number[];
  readonly cause: CompletionCause;
  /** Spans that arrived after their trace was decided. */
  readonly late: boolean;
}

/** Why admission turned a span away. */
export const Admission = { OK: 0, OVER_TRACE_LIMIT: 1, TRACE_DROPPED: 2 } as const;

interface OpenTrace {
  readonly traceId: string;
  readonly refs: number[];
  readonly firstSeen: number;
  lastSeen: number;
  hasRoot: boolean;
}

/**
 * Groups span references by trace id until each trace is complete: root arrived and quiet for `idle`, or
 * `maxWait` since its first span, or memory short. Late spans of a decided trace come out as a `late`
 * trace. Pure: the caller passes the time. Open traces are kept in first-seen order.
 */
export class TraceBuffer {
  private readonly open = new Map<string, OpenTrace>();
  /** Decided trace ids; true when nothing of the trace was exported (its late spans are rejected). */
  private readonly decided = new Map<string, boolean>();
  private readonly options: TraceBufferOptions;
  private held = 0;

  constructor(options: TraceBufferOptions) {
    this.options = options;
  }

  /** Spans held. */
  get heldSpans(): number {
    return this.held;
  }

  /** Traces open. */
  get openTraces(): number {
    return this.open.size;
  }

  /**
   * Which valid spans of `request` may be accepted (an `Admission` value per span): a trace over
   * `maxSpansPerTrace` (what is held plus this request) and a trace decided with nothing exported take no
   * more spans.
   */
  admit(request: ScannedRequest): Uint8Array {
    const verdicts = new Uint8Array(request.count);
    const max = this.options.maxSpansPerTrace;
    let counts: Map<string, number> | undefined;
    let lastId = '';
    let lastHeld = 0;
    let lastDropped = false;
    for (let i = 0; i < request.count; i++) {
      const traceId = request.traceIds[i]!;
      if (traceId !== lastId) {
        lastId = traceId;
        const open = this.open.get(traceId);
        lastHeld = open?.refs.length ?? 0;
        lastDropped = open === undefined && this.decided.get(traceId) === true;
      }
      if (lastDropped) verdicts[i] = Admission.TRACE_DROPPED;
      else if (lastHeld + request.count > max) {
        counts ??= new Map();
        const seen = counts.get(traceId) ?? 0;
        if (lastHeld + seen >= max) verdicts[i] = Admission.OVER_TRACE_LIMIT;
        else counts.set(traceId, seen + 1);
      }
    }
    return verdicts;
  }

  /** Adds the spans of a held record (span `i` is `base + i`) at time `now`; returns late traces and traces pushed out by memory. */
  add(request: ScannedRequest, base: number, now: number): RefTrace[] {
    const out: RefTrace[] = [];
    let late: Map<string, number[]> | undefined;
    for (let i = 0; i < request.count; i++) {
      const traceId = request.traceIds[i]!;
      let trace = this.open.get(traceId);
      if (trace === undefined && this.decided.has(traceId)) {
        late ??= new Map();
        const list = late.get(traceId);
        if (list === undefined) late.set(traceId, [base + i]);
        else list.push(base + i);
        continue;
      }
      if (trace === undefined) {
        trace = { traceId, refs: [], firstSeen: now, lastSeen: now, hasRoot: false };
        this.open.set(traceId, trace);
      }
      trace.refs.push(base + i);
      trace.lastSeen = now;
      if (request.roots[i] === 1) trace.hasRoot = true;
      this.held++;
    }
    if (late !== undefined)
      for (const [traceId, refs] of late) out.push({ traceId, refs, cause: 'idle', late: true });
    while (this.held > this.options.maxSpans && this.open.size > 0)
      out.push(this.complete(this.open.values().next().value as OpenTrace, 'memory'));
    return out;
  }

  /** Traces complete at time `now`. */
  poll(now: number): RefTrace[] {
    const out: RefTrace[] = [];
    for (const trace of this.open.values()) {
      if (now - trace.firstSeen >= this.options.maxWait) out.push(this.complete(trace, 'max_wait'));
      else if (trace.hasRoot && now - trace.lastSeen >= this.options.idle)
        out.push(this.complete(trace, 'idle'));
    }
    return out;
  }

  /** Every open trace, oldest first (shutdown). */
  flush(): RefTrace[] {
    return [...this.open.values()].map((trace) => this.complete(trace, 'flush'));
  }

  /** Records that the decision on `traceId` exported nothing: its late spans are rejected from now on. */
  markDropped(traceId: string): void {
    if (this.decided.has(traceId)) this.decided.set(traceId, true);
  }

  private complete(trace: OpenTrace, cause: CompletionCause): RefTrace {
    this.open.delete(trace.traceId);
    this.held -= trace.refs.length;
    this.decided.delete(trace.traceId);
    this.decided.set(trace.traceId, false);
    if (this.decided.size > this.options.decidedCacheSize) {
      const first = this.decided.keys().next().value;
      if (first !== undefined) this.decided.delete(first);
    }
    return { traceId: trace.traceId, refs: trace.refs, cause, late: false };
  }
}
