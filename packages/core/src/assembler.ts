import type { Span, Trace } from './model.js';
import { textHash52 } from './span-id-hash.js';

/** Limits and timing of trace assembly. Times are in the caller's clock units (e.g. nanoseconds). */
export interface AssemblerOptions {
  /** A trace whose root has arrived is complete after this long without a new span. */
  readonly idle: number;
  /** A trace is complete after this long since its first span, root or not. */
  readonly maxWait: number;
  /** Spans held at most; past it the oldest traces are completed early. */
  readonly maxSpans: number;
  /** Decided trace ids remembered, so late spans follow their trace's decision. */
  readonly decidedCacheSize: number;
}

/** Why a trace was handed out. */
export type CompletionCause = 'idle' | 'max_wait' | 'memory' | 'flush';

/** A trace ready for a decision. `late` traces hold spans that arrived after their trace was decided. */
export interface CompletedTrace extends Trace {
  readonly cause: CompletionCause;
  readonly late: boolean;
}

interface OpenTrace {
  readonly traceId: string;
  readonly spans: Span[];
  readonly firstSeen: number;
  lastSeen: number;
  hasRoot: boolean;
}

/**
 * Groups spans by trace id until each trace is complete: its root arrived and it was quiet for `idle`,
 * or `maxWait` passed since its first span, or memory ran short. Spans of a trace decided earlier come
 * out as a `late` trace so callers can apply the same decision. Pure: the caller passes the time.
 *
 * Open traces are kept in first-seen order (a Map), so the oldest are found without scanning.
 */
export class TraceAssembler {
  private readonly open = new Map<string, OpenTrace>();
  /**
   * 52-bit hashes of decided trace ids, oldest first: ~40 bytes each, and no id string kept alive (or the
   * text it was cut from). A collision (~2^-52 per pair) would send a new trace's spans out as late.
   */
  private readonly decided = new Set<number>();
  private readonly options: AssemblerOptions;
  private held = 0;
  /** Counters for metrics. */
  readonly counters = { spans: 0, traces: 0, early: 0, late: 0 };

  constructor(options: AssemblerOptions) {
    this.options = options;
  }

  /** Spans currently held. */
  get heldSpans(): number {
    return this.held;
  }

  /** Traces currently open. */
  get openTraces(): number {
    return this.open.size;
  }

  /** Adds spans that arrived at time `now`; returns late traces and traces pushed out by memory. */
  add(spans: readonly Span[], now: number): CompletedTrace[] {
    const out: CompletedTrace[] = [];
    const late = new Map<string, Span[]>();
    // The previous span's open trace: spans of one trace mostly arrive together (no map read for them).
    let last: OpenTrace | undefined;
    for (const span of spans) {
      this.counters.spans++;
      const trace = last?.traceId === span.traceId ? last : this.open.get(span.traceId);
      last = trace;
      if (trace !== undefined) this.append(trace, span, now);
      else if (!this.decided.has(textHash52(span.traceId))) {
        last = this.opened(span, now);
        this.append(last, span, now);
      } else {
        const list = late.get(span.traceId);
        if (list === undefined) late.set(span.traceId, [span]);
        else list.push(span);
      }
    }
    for (const [traceId, list] of late) {
      this.counters.late += list.length;
      out.push({ traceId, spans: list, cause: 'idle', late: true });
    }
    while (this.held > this.options.maxSpans && this.open.size > 0)
      out.push(this.complete(this.oldest(), 'memory'));
    return out;
  }

  /** Traces complete at time `now`. */
  poll(now: number): CompletedTrace[] {
    const out: CompletedTrace[] = [];
    for (const trace of this.open.values()) {
      if (now - trace.firstSeen >= this.options.maxWait) out.push(this.complete(trace, 'max_wait'));
      else if (trace.hasRoot && now - trace.lastSeen >= this.options.idle)
        out.push(this.complete(trace, 'idle'));
    }
    return out;
  }

  /** Every open trace, oldest first (end of input, shutdown). */
  flush(): CompletedTrace[] {
    return [...this.open.values()].map((trace) => this.complete(trace, 'flush'));
  }

  private opened(span: Span, now: number): OpenTrace {
    const trace: OpenTrace = {
      traceId: span.traceId,
      spans: [],
      firstSeen: now,
      lastSeen: now,
      hasRoot: false,
    };
    this.open.set(span.traceId, trace);
    return trace;
  }

  private append(trace: OpenTrace, span: Span, now: number): void {
    trace.spans.push(span);
    trace.lastSeen = now;
    if (span.parentSpanId === '') trace.hasRoot = true;
    this.held++;
  }

  private oldest(): OpenTrace {
    return this.open.values().next().value as OpenTrace;
  }

  private complete(trace: OpenTrace, cause: CompletionCause): CompletedTrace {
    this.open.delete(trace.traceId);
    this.held -= trace.spans.length;
    this.counters.traces++;
    if (cause === 'memory') this.counters.early++;
    this.decided.add(textHash52(trace.traceId));
    if (this.decided.size > this.options.decidedCacheSize) {
      const first = this.decided.keys().next().value;
      if (first !== undefined) this.decided.delete(first);
    }
    return { traceId: trace.traceId, spans: trace.spans, cause, late: false };
  }
}
