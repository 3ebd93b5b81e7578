import type { TraceTree } from '../trace-tree.js';
import { sharedDigest } from './region-digests.js';
import { ReusedFloat64 } from './reused-arrays.js';
import {
  calleeIn,
  digestKey,
  digestKeyOrder,
  logSelfTime,
  MAX_TIMING_VALUE,
  selfTimeOf,
  spanDurationOf,
  timingValue,
} from './timing-digest.js';

/**
 * The groups of every `autoscope.timing` digest of one trace shape, by preorder position: which dropped
 * spans each kept span's digest averages, in the digest's order (`digestKey` ascending), so a trace of
 * that shape computes only its self times and their means. What `regionTimingDigests` finds per trace
 * (key ids, buckets by anchor, groups, their sort), found once per shape.
 */
export class DigestLayout {
  /** Per position: its first group, or -1 when it has no digest. */
  readonly first: Int32Array;
  /** Per position: how many groups its digest has. */
  readonly count: Int32Array;
  /** Per group: where its members start in `members`, and how many. */
  readonly memberStart: Int32Array;
  readonly memberCount: Int32Array;
  /** Members' positions, group after group, each group in position order. */
  readonly members: Int32Array;

  constructor(first: Int32Array, count: Int32Array, starts: number[], counts: number[], members: number[]) {
    this.first = first;
    this.count = count;
    this.memberStart = Int32Array.from(starts);
    this.memberCount = Int32Array.from(counts);
    this.members = Int32Array.from(members);
  }
}

/**
 * The digest layout of a trace (`anchors` by span index as `keptAncestors` gives them, `positions` each
 * span's preorder position): each kept span's dropped spans grouped by `digestKey`, groups in key order.
 */
export function digestLayoutOf(
  tree: TraceTree,
  kept: Uint8Array,
  anchors: Int32Array,
  positions: Int32Array,
): DigestLayout {
  const n = tree.preorder.length;
  const byAnchor = new Map<number, Map<string, number[]>>();
  for (let o = 0; o < n; o++) {
    const i = tree.preorder[o]!;
    const anchor = anchors[i]!;
    if (kept[i] === 1 || anchor < 0) continue;
    const span = tree.spans[i]!;
    const key = digestKey(span.resource.serviceName, span.name, calleeIn(tree, i));
    let groups = byAnchor.get(anchor);
    if (groups === undefined) {
      groups = new Map();
      byAnchor.set(anchor, groups);
    }
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [o]);
    else members.push(o);
  }
  const first = new Int32Array(n).fill(-1);
  const count = new Int32Array(n);
  const starts: number[] = [];
  const counts: number[] = [];
  const members: number[] = [];
  for (const [anchor, groups] of byAnchor) {
    const at = positions[anchor]!;
    first[at] = starts.length;
    count[at] = groups.size;
    const keys = digestKeyOrder(groups.keys());
    for (const key of keys) {
      const list = groups.get(key)!;
      starts.push(members.length);
      counts.push(list.length);
      for (const o of list) members.push(o);
    }
  }
  return new DigestLayout(first, count, starts, counts, members);
}

const durations = new ReusedFloat64();
/** Span indices of one group, sorted (reused; grown as needed). */
let groupIndices = new Int32Array(64);

/**
 * Fills the spans' durations for `plannedDigest` (once per trace, before the first digest); returns them.
 */
export function digestDurations(tree: TraceTree): Float64Array {
  const n = tree.spans.length;
  const out = durations.take(n);
  for (let i = 0; i < n; i++) out[i] = spanDurationOf(tree.spans[i]!);
  return out;
}

/**
 * The digest of the kept span at position `o` (undefined when it has none), byte for byte what
 * `regionTimingDigests` gives: each group's log self times are summed in span index order. `shared`: in
 * an array reused per length (valid until the next call), else fresh.
 */
export function plannedDigest(
  layout: DigestLayout,
  o: number,
  tree: TraceTree,
  duration: Float64Array,
  shared: boolean,
): Uint8Array | undefined {
  const first = layout.first[o]!;
  if (first < 0) return undefined;
  const m = layout.count[o]!;
  const bytes = shared ? sharedDigest(1 + m) : new Uint8Array(1 + m);
  const preorder = tree.preorder;
  bytes[0] = timingValue(selfTimeOf(tree, duration, preorder[o]!));
  for (let k = 0; k < m; k++) {
    const g = first + k;
    const start = layout.memberStart[g]!;
    const size = layout.memberCount[g]!;
    const sum =
      size === 1
        ? logSelfTime(tree, duration, preorder[layout.members[start]!]!)
        : sumInIndexOrder(layout, start, size, tree, duration);
    bytes[k + 1] = Math.min(MAX_TIMING_VALUE, Math.round(sum / size));
  }
  return bytes;
}

/** The group's log self times summed in span index order (the order `regionTimingDigests` adds them in). */
function sumInIndexOrder(
  layout: DigestLayout,
  start: number,
  size: number,
  tree: TraceTree,
  duration: Float64Array,
): number {
  if (groupIndices.length < size) groupIndices = new Int32Array(size * 2);
  const indices = groupIndices;
  for (let k = 0; k < size; k++) {
    const i = tree.preorder[layout.members[start + k]!]!;
    let j = k;
    for (; j > 0 && indices[j - 1]! > i; j--) indices[j] = indices[j - 1]!;
    indices[j] = i;
  }
  let sum = logSelfTime(tree, duration, indices[0]!);
  for (let k = 1; k < size; k++) sum += logSelfTime(tree, duration, indices[k]!);
  return sum;
}
