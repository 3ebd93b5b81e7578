import type { InstrumentationScope, Resource, Span } from '@autoscope/core';
import { decodeTraceRequest } from '@autoscope/otlp';
import type { SpanLog } from '../contracts.js';
import type { ScannedRequest } from './scanned-request.js';
import { writeSubRequest } from './write-request.js';

const NO_TRACE_IDS: readonly string[] = Object.freeze([]);
const NO_ROOTS = new Uint8Array(0);

/** A span reference packs `slot * SPAN_RADIX + index` (index < 2^22, so every reference is an exact double). */
export const SPAN_RADIX = 2 ** 22;

/** A log record whose spans are buffered, in encoded form. */
interface HeldRecord {
  readonly seq: bigint;
  readonly request: ScannedRequest;
  pending: number;
  /** Decoded resources (by `ResourceSpans` index) and scopes (by scope group), shared by their spans. */
  readonly resources: (Resource | undefined)[];
  readonly scopes: (InstrumentationScope | undefined)[];
}

/**
 * The buffered log records and their spans, referred to by number (see `SPAN_RADIX`). A record is
 * released from the log exactly when every one of its spans is settled (exported, or dropped by the
 * sampler). Spans are decoded only when their trace is decided.
 */
export class HeldRecords {
  private readonly slots: (HeldRecord | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly log: SpanLog;
  private buffered = 0;
  private held = 0;
  /** Spans that passed the scan but failed to decode (a scanner gap; counted, never thrown). */
  undecodable = 0;
  /** Why the first undecodable span failed. */
  firstDecodeError: unknown;

  constructor(log: SpanLog) {
    this.log = log;
  }

  /** Encoded bytes of the records held. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Records held. */
  get heldRecords(): number {
    return this.held;
  }

  /**
   * Holds record `seq` with its valid spans; returns the reference of its span 0 (span `i` is that plus
   * `i`), or -1 when it has no valid span (it is released at once).
   */
  hold(seq: bigint, request: ScannedRequest): number {
    if (request.count === 0) {
      this.log.release(seq);
      return -1;
    }
    const slot = this.free.pop() ?? this.slots.length;
    // Trace ids and root flags served assembly; only what decoding needs stays while the record is held.
    const bytes = ownBytes(request.bytes);
    const kept: ScannedRequest = { ...request, bytes, traceIds: NO_TRACE_IDS, roots: NO_ROOTS };
    this.slots[slot] = { seq, request: kept, pending: request.count, resources: [], scopes: [] };
    this.buffered += request.bytes.byteLength;
    this.held++;
    return slot * SPAN_RADIX;
  }

  /** These spans are settled; releases the records that are done. */
  settle(refs: readonly number[]): void {
    for (const ref of refs) {
      const slot = Math.floor(ref / SPAN_RADIX);
      const record = this.slots[slot];
      if (record === undefined || --record.pending > 0) continue;
      this.slots[slot] = undefined;
      this.free.push(slot);
      this.buffered -= record.request.bytes.byteLength;
      this.held--;
      this.log.release(record.seq);
    }
  }

  /**
   * Decodes the referenced spans; the result is aligned with `refs` (undefined where decoding failed).
   * One decode per record; spans of one record share its decoded resources and scopes.
   */
  decode(refs: readonly number[]): (Span | undefined)[] {
    const bySlot = new Map<number, number[]>();
    for (let p = 0; p < refs.length; p++) {
      const slot = Math.floor(refs[p]! / SPAN_RADIX);
      const positions = bySlot.get(slot);
      if (positions === undefined) bySlot.set(slot, [p]);
      else positions.push(p);
    }
    const out = new Array<Span | undefined>(refs.length).fill(undefined);
    for (const [slot, positions] of bySlot) this.decodeSlot(slot, refs, positions, out);
    return out;
  }

  private decodeSlot(
    slot: number,
    refs: readonly number[],
    positions: number[],
    out: (Span | undefined)[],
  ): void {
    const record = this.slots[slot];
    if (record === undefined) return;
    // Span index and position packed in one number, so a native numeric sort orders them.
    const base = slot * SPAN_RADIX;
    const keys = new Float64Array(positions.length);
    for (let k = 0; k < positions.length; k++) keys[k] = (refs[positions[k]!]! - base) * SPAN_RADIX + k;
    keys.sort();
    const indices = new Int32Array(positions.length);
    const order = new Int32Array(positions.length);
    for (let k = 0; k < keys.length; k++) {
      const index = Math.floor(keys[k]! / SPAN_RADIX);
      indices[k] = index;
      order[k] = positions[keys[k]! - index * SPAN_RADIX]!;
    }
    let spans: (Span | undefined)[];
    try {
      spans = decodeTraceRequest(writeSubRequest(record.request, indices), `log record ${record.seq}`);
    } catch {
      // One bad span must not take its neighbours: find it by decoding span by span (rare: a scanner gap).
      spans = this.decodeEach(record, indices);
    }
    for (let k = 0; k < spans.length && k < indices.length; k++) {
      const span = spans[k];
      if (span !== undefined) out[order[k]!] = share(record, indices[k]!, span);
    }
  }

  /** Decodes spans one at a time; undefined (and counted) where one fails. */
  private decodeEach(record: HeldRecord, indices: Int32Array): (Span | undefined)[] {
    const spans: (Span | undefined)[] = [];
    const one = new Int32Array(1);
    for (const index of indices) {
      one[0] = index;
      try {
        spans.push(decodeTraceRequest(writeSubRequest(record.request, one), `log record ${record.seq}`)[0]);
      } catch (error) {
        if (this.undecodable++ === 0) this.firstDecodeError = error;
        spans.push(undefined);
      }
    }
    return spans;
  }
}

/** A view keeps this much more memory than its own bytes at most before it is copied out. */
const MAX_SLACK_BYTES = 4096;

/**
 * The request bytes, copied when they are a small view on a much larger buffer (a gunzip output chunk, a
 * gRPC message pool), so the bytes counted against the memory limit are the bytes retained.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  const retained = bytes.buffer.byteLength;
  return retained > 2 * bytes.byteLength && retained - bytes.byteLength > MAX_SLACK_BYTES
    ? bytes.slice()
    : bytes;
}

type Sharing = { resource: Resource; scope: InstrumentationScope };

/** Gives a freshly decoded span its record's resource and scope objects (the first decoded). */
function share(record: HeldRecord, index: number, span: Span): Span {
  const group = record.request.groups[index]!;
  const resourceIndex = record.request.scopeGroups[group]!.resourceIndex;
  const resource = record.resources[resourceIndex] ?? span.resource;
  const scope = record.scopes[group] ?? span.scope;
  record.resources[resourceIndex] = resource;
  record.scopes[group] = scope;
  if (span.resource !== resource || span.scope !== scope) {
    // The span was created by this decode and is referenced nowhere else yet.
    const fresh = span as unknown as Sharing;
    fresh.resource = resource;
    fresh.scope = scope;
  }
  return span;
}
