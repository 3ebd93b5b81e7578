import type { MaybeTimedSpan } from './engine/span-time.js';
import type { Span, Trace } from './model.js';
import { spanIdHash } from './span-id-hash.js';

/**
 * A trace as a tree of span indices, built defensively from whatever spans arrived.
 *
 * - Duplicate span ids: the first span wins; the rest are counted in `duplicates` and left out.
 * - A parent id that is not in the trace, or a parent link that closes a cycle, makes the span a
 *   top-level span; each such case is counted in `brokenLinks`.
 * - `tops[0]` is the root: a span with no parent id if there is one, else the earliest top-level span.
 * - Children are ordered by start time, then name, then span id, so the order is deterministic.
 */
export interface TraceTree {
  readonly traceId: string;
  /** Unique spans; indices into this array identify spans everywhere in the engine. */
  readonly spans: readonly Span[];
  /** Index of each span's parent, or -1 for a top-level span. */
  readonly parent: Int32Array;
  /** Children of each span, in deterministic order. */
  readonly children: readonly (readonly number[])[];
  /** Top-level spans (no parent present): the root first. */
  readonly tops: readonly number[];
  /** Every span index, parents before children (depth-first pre-order from `tops`). */
  readonly preorder: readonly number[];
  /**
   * `spanIdHash` of each span's id, aligned with `spans`: computed while the ids are read for linking, so
   * later users (the decided-trace memory) need not read every id again. Absent for traces of up to 16
   * spans (linked by a scan, without hashes) and in trees built elsewhere.
   */
  readonly spanIdHashes?: Float64Array | undefined;
  /** Spans left out because their id repeated an earlier span's. */
  readonly duplicates: number;
  /** Parent links that pointed to a missing span or closed a cycle. */
  readonly brokenLinks: number;
}

const NO_CHILDREN = Object.freeze([]) as unknown as number[];
/** Traces up to this many spans find ids by a scan (no map: most local traces are this small). */
const SCAN_LIMIT = 16;

/** Builds the tree of a trace. Never throws; hostile inputs are normalised and counted. */
export function buildTraceTree(trace: Trace): TraceTree {
  const input = trace.spans;
  const small = input.length <= SCAN_LIMIT;
  // Small traces find ids by a scan and need no hashes (nor make them: the OpenTelemetry processor's
  // local traces are small, and it remembers no decided traces).
  const hashes = small ? undefined : hashIds(input);
  const found = hashes === undefined ? uniqueByScan(input) : uniqueByTable(input, hashes);
  // Ids crafted to collide in the table: a Map instead (its hash is seeded).
  const indexOf = found === undefined ? new Map<string, number>() : undefined;
  const spans = found ?? uniqueByMap(input, indexOf!);
  const spanIdHashes =
    hashes === undefined || spans.length === input.length ? hashes : uniqueHashes(input, spans, hashes);
  const duplicates = input.length - spans.length;
  const parent = new Int32Array(spans.length);
  let brokenLinks = linkParents(spans, parent, small, indexOf);
  let shape = shapeOf(parent, spans);
  // A parent cycle leaves its spans out of the walk from the tops: cut the cycles, then shape again. The
  // walk is needed anyway, so traces without a cycle (nearly all) cost no separate search for one.
  if (shape.preorder.length < spans.length) {
    brokenLinks += breakCycles(parent);
    shape = shapeOf(parent, spans);
  }
  return {
    traceId: trace.traceId,
    spans,
    parent,
    children: shape.children,
    tops: shape.tops,
    preorder: shape.preorder,
    spanIdHashes,
    duplicates,
    brokenLinks,
  };
}

/** Fills each span's parent index (-1: none, missing, or itself); returns how many links were broken. */
function linkParents(
  spans: readonly Span[],
  parent: Int32Array,
  small: boolean,
  indexOf: Map<string, number> | undefined,
): number {
  let brokenLinks = 0;
  let byId = indexOf;
  lookupBudget = MAX_PROBES_PER_SPAN * spans.length;
  for (let i = 0; i < spans.length; i++) {
    const parentId = spans[i]!.parentSpanId;
    let p = -1;
    if (parentId !== '') {
      if (small) p = scanBackFor(spans, parentId);
      else if (byId !== undefined) p = byId.get(parentId) ?? -1;
      else {
        p = tableFind(spans, parentId);
        // Parent ids crafted to land in one long run of the table: a Map for the rest (seeded hash).
        if (p === OVER_BUDGET) {
          byId = indexOfIds(spans);
          p = byId.get(parentId) ?? -1;
        }
      }
      if (p === i) p = -1;
      if (p < 0) brokenLinks++;
    }
    parent[i] = p;
  }
  return brokenLinks;
}

interface Shape {
  readonly children: number[][];
  readonly tops: number[];
  readonly preorder: number[];
}

/** Children (sorted), tops (root first) and the walk from the tops; spans in a parent cycle are not walked. */
function shapeOf(parent: Int32Array, spans: readonly Span[]): Shape {
  const children = childLists(parent);
  let tops: number[] | undefined;
  for (let i = 0; i < spans.length; i++) {
    // A one-element literal: most trees have one top (an empty array grows to 17 slots on its first push).
    if (parent[i]! >= 0) continue;
    if (tops === undefined) tops = [i];
    else tops.push(i);
  }
  for (let i = 0; i < children.length; i++) {
    const list = children[i]!;
    if (list.length > 1) sortIndices(list, spans);
  }
  tops ??= [];
  if (tops.length > 1)
    tops.sort((a, b) => rootRank(spans[a]!) - rootRank(spans[b]!) || compareSpans(spans[a]!, spans[b]!));
  return { children, tops, preorder: preorderOf(tops, children, spans.length) };
}

/**
 * The spans without repeated ids (the first of each id), found by a scan: the input's copy in one array
 * of the exact size when no id repeats (the usual case), else the spans kept one by one. Leaves the kept
 * spans' `idKey`s in `scanKeys` for `linkParents`.
 */
function uniqueByScan(input: readonly Span[]): Span[] {
  const keys = scanKeys;
  for (let k = 0; k < input.length; k++) keys[k] = idKey(input[k]!.spanId);
  for (let k = 1; k < input.length; k++) {
    if (scanKeyed(input, k, keys[k]!, input[k]!.spanId) < 0) continue;
    const spans = input.slice(0, k);
    for (let m = k + 1; m < input.length; m++) {
      if (scanFor(spans, input[m]!.spanId) < 0) spans.push(input[m]!);
    }
    for (let u = 0; u < spans.length; u++) keys[u] = idKey(spans[u]!.spanId);
    return spans;
  }
  return input.slice();
}

/**
 * `idKey` of each span of the small trace being built (`uniqueByScan`), so a scan compares two numbers
 * and compares strings only when they match: two different ids of the same length are compared by a
 * builtin call (a 10-span trace's scans made about 120 of them).
 */
const scanKeys = new Int32Array(SCAN_LIMIT);

/** A number equal for equal ids: the length and the last two code units (random hex in W3C ids). */
function idKey(id: string): number {
  const n = id.length;
  return n < 2 ? n : (n << 20) ^ (id.charCodeAt(n - 1) << 10) ^ id.charCodeAt(n - 2);
}

/** Index of the first of the first `n` spans with this id (its `idKey` is `key`), or -1. */
function scanKeyed(spans: readonly Span[], n: number, key: number, id: string): number {
  const keys = scanKeys;
  for (let j = 0; j < n; j++) if (keys[j] === key && spans[j]!.spanId === id) return j;
  return -1;
}

/**
 * Span indices by id for traces past the scan limit, reused across trees (building is synchronous): open
 * addressing with linear probing, each slot a unique span's index + 1 (0: empty). No Map, no allocation
 * per trace.
 */
let idTable = new Int32Array(1024);
let idMask = 0;
/** Probes per span the table may take before it gives way to a Map (ids crafted to collide). */
const MAX_PROBES_PER_SPAN = 4;

/**
 * `uniqueByScan` for larger traces, filling the id table on the way: the input's copy when no id repeats,
 * else the first span of each id. Undefined when the ids collide too often in the table.
 */
function uniqueByTable(input: readonly Span[], hashes: Float64Array): Span[] | undefined {
  clearTable(input.length);
  const table = idTable;
  const mask = idMask;
  let budget = MAX_PROBES_PER_SPAN * input.length;
  let spans: Span[] | undefined; // made at the first repeated id
  let count = 0;
  for (let k = 0; k < input.length; k++) {
    const span = input[k]!;
    const id = span.spanId;
    const unique = spans ?? input;
    let slot = hashes[k]! & mask;
    let entry = table[slot]!;
    while (entry !== 0 && unique[entry - 1]!.spanId !== id) {
      if (--budget < 0) return undefined;
      slot = (slot + 1) & mask;
      entry = table[slot]!;
    }
    if (entry !== 0) {
      spans ??= input.slice(0, k);
      continue;
    }
    table[slot] = ++count;
    if (spans !== undefined) spans.push(span);
  }
  return spans ?? input.slice();
}

/** Index of the span with this id in the table filled by `uniqueByTable` for `spans`, or -1. */
function tableFind(spans: readonly Span[], id: string): number {
  const table = idTable;
  const mask = idMask;
  let slot = spanIdHash(id) & mask;
  for (let entry = table[slot]!; entry !== 0; entry = table[slot]!) {
    if (spans[entry - 1]!.spanId === id) return entry - 1;
    if (--lookupBudget < 0) return OVER_BUDGET;
    slot = (slot + 1) & mask;
  }
  return -1;
}

/**
 * Probes the parent lookups of the tree being linked may still take (`MAX_PROBES_PER_SPAN` per span):
 * the table's hash is not seeded, so ids chosen to fill a run of slots could make every lookup of a
 * missing parent walk that run (quadratic in the trace's size); past the budget `tableFind` gives up.
 */
let lookupBudget = 0;
const OVER_BUDGET = -2;

/** Index of each span by id (the spans' ids are unique). */
function indexOfIds(spans: readonly Span[]): Map<string, number> {
  const byId = new Map<string, number>();
  for (let i = 0; i < spans.length; i++) byId.set(spans[i]!.spanId, i);
  return byId;
}

/** Empties the id table, sized to a power of two of at least twice `n` slots (at most half full). */
function clearTable(n: number): void {
  let size = 64;
  while (size < 2 * n) size *= 2;
  if (idTable.length < size) idTable = new Int32Array(size);
  const table = idTable;
  for (let s = 0; s < size; s++) table[s] = 0;
  idMask = size - 1;
}

/** `spanIdHash` of every input span's id. */
function hashIds(input: readonly Span[]): Float64Array {
  const hashes = new Float64Array(input.length);
  for (let k = 0; k < input.length; k++) hashes[k] = spanIdHash(input[k]!.spanId);
  return hashes;
}

/** The hashes of the unique `spans` (the first of each id, in input order) among the input's. */
function uniqueHashes(input: readonly Span[], spans: readonly Span[], hashes: Float64Array): Float64Array {
  const out = new Float64Array(spans.length);
  for (let k = 0, u = 0; k < input.length && u < spans.length; k++)
    if (input[k] === spans[u]) out[u++] = hashes[k]!;
  return out;
}

/** `uniqueByTable` with a Map (span id to index), for ids that collide in the table. */
function uniqueByMap(input: readonly Span[], indexOf: Map<string, number>): Span[] {
  const spans: Span[] = [];
  for (let k = 0; k < input.length; k++) {
    const span = input[k]!;
    if (indexOf.has(span.spanId)) continue;
    indexOf.set(span.spanId, spans.length);
    spans.push(span);
  }
  return spans;
}

/** Children counts, then fill positions, of `childLists` (reused across trees: building is synchronous). */
let childScratch = new Int32Array(256);

/**
 * Each span's children in index order, each list of its exact length (counted first: a list grown by
 * `push` past one element takes 17 slots). Leaves (most spans) share one frozen empty list.
 */
function childLists(parent: Int32Array): number[][] {
  const n = parent.length;
  if (childScratch.length < n) childScratch = new Int32Array(Math.max(n, 2 * childScratch.length));
  const count = childScratch;
  for (let i = 0; i < n; i++) count[i] = 0;
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) count[parent[i]!]!++;
  const children: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    children[i] = count[i] === 0 ? NO_CHILDREN : new Array<number>(count[i]!);
    count[i] = 0;
  }
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= 0) children[p]![count[p]!++] = i;
  }
  return children;
}

/** Index of the first span with this id, or -1. */
function scanFor(spans: readonly Span[], id: string): number {
  for (let j = 0; j < spans.length; j++) if (spans[j]!.spanId === id) return j;
  return -1;
}

/**
 * Index of the span with this id among the small trace's unique spans (`scanKeys` holds their keys), or
 * -1, scanning from the last: an SDK's spans come in the order they ended, parents after their children
 * (a local trace's root last), so a child's parent is found after one or two comparisons.
 */
function scanBackFor(spans: readonly Span[], id: string): number {
  const keys = scanKeys;
  const key = idKey(id);
  for (let j = spans.length - 1; j >= 0; j--) if (keys[j] === key && spans[j]!.spanId === id) return j;
  return -1;
}

/** Visit marks of `breakCycles`, reused across trees (building is synchronous). */
let visitScratch = new Uint8Array(256);

/** Cuts every parent cycle at the span where it is found; returns how many links were cut. */
function breakCycles(parent: Int32Array): number {
  if (visitScratch.length < parent.length)
    visitScratch = new Uint8Array(Math.max(parent.length, 2 * visitScratch.length));
  const state = visitScratch; // 0 unvisited, 1 on current path, 2 done
  for (let i = 0; i < parent.length; i++) state[i] = 0;
  let cut = 0;
  for (let start = 0; start < parent.length; start++) {
    let i = start;
    while (i >= 0 && state[i] === 0) {
      state[i] = 1;
      i = parent[i]!;
    }
    const closesCycle = i >= 0 && state[i] === 1;
    for (let j = start; j >= 0 && state[j] === 1; j = parent[j]!) state[j] = 2;
    if (closesCycle) {
      parent[i] = -1;
      cut++;
    }
  }
  return cut;
}

/** Sorts span indices by `compareSpans`: insertion sort for the short lists most parents have (no allocation). */
function sortIndices(list: number[], spans: readonly Span[]): void {
  if (list.length > 16) {
    list.sort((a, b) => compareSpans(spans[a]!, spans[b]!));
    return;
  }
  for (let k = 1; k < list.length; k++) {
    const x = list[k]!;
    const span = spans[x]!;
    let j = k - 1;
    while (j >= 0 && compareSpans(spans[list[j]!]!, span) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}

function rootRank(span: Span): number {
  return span.parentSpanId === '' ? 0 : 1;
}

/** Orders spans by start time, then name, then span id. */
export function compareSpans(a: Span, b: Span): number {
  const ha = (a as MaybeTimedSpan).startHr;
  const hb = (b as MaybeTimedSpan).startHr;
  if (ha !== undefined && hb !== undefined) {
    // Normalized [seconds, nanos] pairs order as the times do (no BigInt made for a lazy adapter).
    if (ha[0] !== hb[0]) return ha[0] < hb[0] ? -1 : 1;
    if (ha[1] !== hb[1]) return ha[1] < hb[1] ? -1 : 1;
  } else if (a.startTimeUnixNano !== b.startTimeUnixNano)
    return a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
}

/**
 * The depth-first stack of `preorderOf`, reused across trees (each span is pushed once, so `n` slots do):
 * a typed array with its own top, not an array emptied by `length = 0` (a builtin call per tree).
 */
let stack = new Int32Array(256);

/** The spans reached from the tops, each once, parents first (all `n` of them unless a parent cycle remains). */
function preorderOf(tops: readonly number[], children: readonly (readonly number[])[], n: number): number[] {
  if (stack.length < n) stack = new Int32Array(Math.max(n, 2 * stack.length));
  const pending = stack;
  const out: number[] = new Array(n);
  let count = 0;
  let top = 0;
  for (let t = tops.length - 1; t >= 0; t--) pending[top++] = tops[t]!;
  while (top > 0) {
    const i = pending[--top]!;
    out[count++] = i;
    const kids = children[i]!;
    for (let k = kids.length - 1; k >= 0; k--) pending[top++] = kids[k]!;
  }
  // Only when a cycle left spans out: setting the length, even to itself, is a builtin call (about 8% of a
  // 4-span tree's build).
  if (count < n) out.length = count;
  return out;
}
