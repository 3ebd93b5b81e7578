import { detachedString } from './detached-string.js';
import type { Span } from './model.js';
import { spanIdHash } from './span-id-hash.js';

/** Bounds of a `DecidedTraceMemory`. */
export interface DecidedTraceMemoryOptions {
  /** Traces remembered at most. */
  readonly maxTraces: number;
  /**
   * Span id hashes held at most, over all traces: the ids each trace had and exported (8 bytes each, in the
   * ring) plus the ids of its late spans (~40 bytes each, in a set per trace). A trace with more ids than
   * this is not remembered; late ids past it make the oldest other traces be forgotten.
   */
  readonly maxSpanIds: number;
}

/** What is remembered of one decided trace. Read it through `DecidedTraceMemory`. */
export interface DecidedTrace {
  /** The span late spans are attached to when their parent was not exported ('' when none). */
  readonly rootSpanId: string;
  /** Where the trace's hashes start in the ring: its `seen` span ids, then its `exported` ones. */
  readonly start: number;
  readonly seen: number;
  readonly exported: number;
  /** Whether both runs of hashes are sorted (done on the first late span: most traces never get one). */
  sorted: boolean;
  /** Hashes (`spanIdHash`) of the late spans accepted since (all exported); made on the first one. */
  late: Set<number> | undefined;
}

/** Hashes held before the ring first grows (it doubles up to `maxSpanIds`). */
const INITIAL_RING = 4096;

/**
 * The decided traces a pipeline remembers so that late spans follow their trace's decision, in memory
 * bounded by spans as well as traces: a trace is a small record plus the 52-bit hashes of its span ids
 * (every span it had, to recognise repeats, and the exported ones, to find a late span's parent), held in
 * one ring buffer. Traces are forgotten oldest first, when the ring needs their place or past `maxTraces`.
 * Late spans accepted since add their hashes to a set of their trace, counted against the same bound.
 * Memory is at most `8 × maxSpanIds` bytes for the ring (grown as used), about 40 bytes per late span id
 * held (their count and the ring's held ids together stay within `maxSpanIds`) and about 200 bytes per
 * trace, whatever the input size or the size of its traces. Span ids are held as numbers and trace ids as
 * copies, so nothing held pins the text they were cut from.
 */
export class DecidedTraceMemory {
  private readonly options: DecidedTraceMemoryOptions;
  /** In insertion order, which is also the order of their places in the ring. */
  private readonly traces = new Map<string, DecidedTrace>();
  private ring = new Float64Array(0);
  private next = 0;
  /** Hashes of the remembered traces: their runs in the ring and their late ids. */
  private held = 0;
  private lateIdsDropped = 0;

  constructor(options: DecidedTraceMemoryOptions) {
    this.options = options;
  }

  /** Traces remembered. */
  get size(): number {
    return this.traces.size;
  }

  /**
   * Late span ids not remembered because the trace's own ids alone filled `maxSpanIds` (the span was still
   * exported; a repeat of it would be exported again, a child of it attached to the root).
   */
  get lateIdsNotHeld(): number {
    return this.lateIdsDropped;
  }

  /** The remembered trace, if any. */
  get(traceId: string): DecidedTrace | undefined {
    return this.traces.get(traceId);
  }

  /**
   * Remembers a decided trace: all its spans, the spans exported for it and its root's id. `spanIdHashes`,
   * when given, are `spanIdHash` of the spans' ids (`TraceTree.spanIdHashes`), so they are not read again.
   */
  remember(
    traceId: string,
    rootSpanId: string,
    spans: readonly Span[],
    exported: readonly Span[],
    spanIdHashes?: Float64Array,
  ): void {
    const earlier = this.traces.get(traceId);
    if (earlier !== undefined) this.forget(traceId, earlier); // re-decided: the new record goes last
    const length = spans.length + exported.length;
    if (length > this.options.maxSpanIds || this.options.maxTraces < 1) return;
    const start = this.place(length);
    this.held += length;
    if (spanIdHashes?.length === spans.length) this.ring.set(spanIdHashes, start);
    else for (let i = 0; i < spans.length; i++) this.ring[start + i] = spanIdHash(spans[i]!.spanId);
    const exportStart = start + spans.length;
    for (let i = 0; i < exported.length; i++) this.ring[exportStart + i] = spanIdHash(exported[i]!.spanId);
    // Held long after the trace's spans are gone: copies, so they do not keep the input's text alive.
    this.traces.set(detachedString(traceId), {
      rootSpanId: detachedString(rootSpanId),
      start,
      seen: spans.length,
      exported: exported.length,
      sorted: false,
      late: undefined,
    });
    while (this.traces.size > this.options.maxTraces || this.held > this.options.maxSpanIds)
      this.forgetOldest();
  }

  /** True when the trace had a span with this id when decided, or got it as a late span since. */
  wasSeen(trace: DecidedTrace, spanId: string): boolean {
    const hash = spanIdHash(spanId);
    if (trace.late?.has(hash) === true) return true;
    this.sort(trace);
    return includes(this.ring, trace.start, trace.start + trace.seen, hash);
  }

  /** True when a span with this id was exported for the trace (at its decision or as a late span). */
  wasExported(trace: DecidedTrace, spanId: string): boolean {
    const hash = spanIdHash(spanId);
    if (trace.late?.has(hash) === true) return true;
    this.sort(trace);
    const from = trace.start + trace.seen;
    return includes(this.ring, from, from + trace.exported, hash);
  }

  /**
   * Records a late span exported for the remembered `trace`. Older traces are forgotten to keep within
   * `maxSpanIds`; when the trace's own ids fill it, the id is not held and counted in `lateIdsNotHeld`.
   */
  addLate(trace: DecidedTrace, spanId: string): void {
    const hash = spanIdHash(spanId);
    if (trace.late?.has(hash) === true) return;
    const max = this.options.maxSpanIds;
    for (let oldest = this.oldest(); this.held >= max && oldest !== undefined && oldest !== trace; ) {
      this.forgetOldest();
      oldest = this.oldest();
    }
    if (this.held >= max) {
      this.lateIdsDropped++;
      return;
    }
    trace.late ??= new Set();
    trace.late.add(hash);
    this.held++;
  }

  /** Where `length` hashes go: after the newest trace, or at the ring's start once it is full size. */
  private place(length: number): number {
    if (this.next + length > this.ring.length) this.grow(this.next + length);
    if (this.next + length > this.ring.length) this.wrap();
    const start = this.next;
    const end = start + length;
    // Traces of the ring's previous lap lie from `start` on, oldest first; this lap's lie before it.
    for (let oldest = this.oldest(); oldest !== undefined; oldest = this.oldest()) {
      if (oldest.start < start || oldest.start >= end) break;
      this.forgetOldest();
    }
    this.next = end;
    return start;
  }

  /** Doubles the ring (up to `maxSpanIds`) until it holds `needed` hashes; places stay where they were. */
  private grow(needed: number): void {
    const max = this.options.maxSpanIds;
    if (this.ring.length >= max) return;
    let length = Math.max(this.ring.length, INITIAL_RING);
    while (length < needed && length < max) length *= 2;
    const ring = new Float64Array(Math.min(length, max));
    ring.set(this.ring);
    this.ring = ring;
  }

  /** Goes back to the ring's start, forgetting the traces left in its tail (the oldest ones). */
  private wrap(): void {
    for (let oldest = this.oldest(); oldest !== undefined && oldest.start >= this.next; ) {
      this.forgetOldest();
      oldest = this.oldest();
    }
    this.next = 0;
  }

  private oldest(): DecidedTrace | undefined {
    return this.traces.values().next().value;
  }

  private forgetOldest(): void {
    const first = this.traces.entries().next().value;
    if (first !== undefined) this.forget(first[0], first[1]);
  }

  private forget(traceId: string, trace: DecidedTrace): void {
    this.traces.delete(traceId);
    this.held -= trace.seen + trace.exported + (trace.late?.size ?? 0);
  }

  private sort(trace: DecidedTrace): void {
    if (trace.sorted) return;
    const from = trace.start + trace.seen;
    this.ring.subarray(trace.start, from).sort();
    this.ring.subarray(from, from + trace.exported).sort();
    trace.sorted = true;
  }
}

/** Binary search of a sorted run `[from, to)` of the ring. */
function includes(ring: Float64Array, from: number, to: number, key: number): boolean {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ring[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && ring[lo] === key;
}
