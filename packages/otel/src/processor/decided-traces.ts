import { AutoscopeAttributes } from '@autoscope/core';
import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { attributesBytes, copyAttributes } from '../convert/attribute-values.js';
import { ExportedSpan } from '../convert/exported-span.js';
import { DecidedStore } from './decided-store.js';
import { TraceIdFilter } from './trace-id-filter.js';

/** A decided trace once a late span came: its root and the ids of the spans exported so far. */
interface Followed {
  readonly rootSpanId: string;
  readonly exported: Set<string>;
}

/**
 * Traces decided recently, so spans that end after their trace's decision follow it: they are exported,
 * under their own parent when it was exported, else under the trace's root with `autoscope.missing_parent`
 * naming the parent (as the core pipeline does). At least the last `capacity` decided traces are
 * remembered, at most twice as many: two generations of `capacity` each, the older one dropped whole when
 * the newer is full. Each generation is a `DecidedStore` (typed arrays: no object per trace for the
 * garbage collector to copy) behind a `TraceIdFilter` (`has` is asked for every new trace and almost
 * always answers no at once). A trace that gets a late span is unpacked into a set, kept two generations.
 */
export class DecidedTraces {
  private current: DecidedStore;
  private previous: DecidedStore;
  private currentIds: TraceIdFilter;
  private previousIds: TraceIdFilter;
  private followedNow = new Map<string, Followed>();
  private followedBefore = new Map<string, Followed>();
  private readonly capacity: number;
  /**
   * Decisions recorded but not stored yet (see `remember`): trace ids, root ids, how many ids each
   * exported, and those ids one after the other (no array per decision).
   */
  private readonly pendingTraces: string[] = [];
  private readonly pendingRoots: string[] = [];
  private readonly pendingCounts: number[] = [];
  private readonly pendingIds: string[] = [];

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.current = new DecidedStore(this.capacity);
    this.previous = new DecidedStore(this.capacity);
    this.currentIds = new TraceIdFilter(this.capacity);
    this.previousIds = new TraceIdFilter(this.capacity);
  }

  /** True when the trace was decided recently (its later spans follow that decision). */
  has(traceId: string): boolean {
    if (this.pendingTraces.length > 0) this.settle();
    return (
      (this.currentIds.mightHave(traceId) && this.current.has(traceId)) ||
      (this.previousIds.mightHave(traceId) && this.previous.has(traceId))
    );
  }

  /**
   * Records the ids of the spans a decision exported (the first `count` of `ids`, copied). Stored in the typed arrays at the next `settle`
   * (or query, or past `MAX_PENDING`): storing the decisions of a run one after the other, after the run,
   * cost the processor about 4% less CPU per local trace than storing each between its decision and the
   * next (its tables and code stay in the caches for the whole run).
   */
  remember(traceId: string, rootSpanId: string, ids: readonly string[], count = ids.length): void {
    this.pendingTraces.push(traceId);
    this.pendingRoots.push(rootSpanId);
    this.pendingCounts.push(count);
    const pending = this.pendingIds;
    for (let k = 0; k < count; k++) pending.push(ids[k]!);
    if (this.pendingTraces.length >= MAX_PENDING) this.settle();
  }

  /** Stores the decisions `remember` recorded since the last call (the end of a run of decisions). */
  settle(): void {
    const traces = this.pendingTraces;
    const roots = this.pendingRoots;
    const counts = this.pendingCounts;
    const ids = this.pendingIds;
    for (let i = 0, from = 0; i < traces.length; from += counts[i]!, i++) {
      this.store(traces[i]!, roots[i]!, ids, from, counts[i]!);
    }
    traces.length = roots.length = counts.length = ids.length = 0;
  }

  private store(
    traceId: string,
    rootSpanId: string,
    ids: readonly string[],
    from: number,
    count: number,
  ): void {
    if (this.current.size >= this.capacity) this.rotate();
    if (this.followedNow.size > 0) this.followedNow.delete(traceId);
    if (this.followedBefore.size > 0) this.followedBefore.delete(traceId);
    this.current.set(traceId, rootSpanId, ids, from, count);
    this.currentIds.add(traceId);
  }

  /** The late spans to export, or undefined when the trace is not remembered (decide it afresh). */
  follow(
    traceId: string,
    late: readonly ReadableSpan[],
  ): { spans: ReadableSpan[]; bytesIn: number; bytesOut: number } | undefined {
    const decided = this.followed(traceId);
    if (decided === undefined) return undefined;
    const { exported } = decided;
    if (exported.size === 0) return undefined;
    const ids = new Set(late.map((s) => s.spanContext().spanId));
    const spans: ReadableSpan[] = [];
    let bytes = 0;
    for (const span of late) {
      const parent = span.parentSpanContext;
      const attached =
        parent === undefined ||
        parent.isRemote === true ||
        exported.has(parent.spanId) ||
        ids.has(parent.spanId);
      spans.push(attached ? span : underRoot(span, parent, decided.rootSpanId));
      exported.add(span.spanContext().spanId);
      bytes += 60 + span.name.length + attributesBytes(span.attributes);
    }
    return { spans, bytesIn: bytes, bytesOut: bytes };
  }

  /** The trace as a set of exported ids, unpacked from its generation the first time a late span asks. */
  private followed(traceId: string): Followed | undefined {
    if (this.pendingTraces.length > 0) this.settle();
    let followed = this.followedNow.get(traceId) ?? this.followedBefore.get(traceId);
    if (followed !== undefined) return followed;
    const record =
      (this.currentIds.mightHave(traceId) ? this.current.get(traceId) : undefined) ??
      (this.previousIds.mightHave(traceId) ? this.previous.get(traceId) : undefined);
    if (record === undefined) return undefined;
    followed = { rootSpanId: record.rootSpanId, exported: new Set(record.ids) };
    this.followedNow.set(traceId, followed);
    return followed;
  }

  private rotate(): void {
    const emptied = this.previous;
    emptied.clear();
    this.previous = this.current;
    this.current = emptied;
    const emptiedIds = this.previousIds;
    emptiedIds.clear();
    this.previousIds = this.currentIds;
    this.currentIds = emptiedIds;
    this.followedBefore = this.followedNow;
    this.followedNow = new Map();
  }
}

/** Decisions held by `remember` before they are stored at once (their id strings stay young). */
const MAX_PENDING = 256;

function underRoot(span: ReadableSpan, parent: SpanContext, rootSpanId: string): ReadableSpan {
  const context = span.spanContext();
  const root = {
    traceId: context.traceId,
    spanId: rootSpanId,
    traceFlags: context.traceFlags,
    isRemote: false,
  };
  const attributes = copyAttributes(span.attributes);
  attributes[AutoscopeAttributes.MISSING_PARENT] = parent.spanId;
  return ExportedSpan.copyOf(span, root, attributes);
}
