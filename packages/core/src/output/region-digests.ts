import type { TraceTree } from '../trace-tree.js';
import { DigestKeyIds } from './digest-key-ids.js';
import { ReusedFloat64, ReusedInt32 } from './reused-arrays.js';
import {
  calleeIn,
  MAX_TIMING_VALUE,
  selfTimesInto,
  TIMING_STEPS_PER_DOUBLING,
  timingValue,
} from './timing-digest.js';

/** The digests of one trace by kept span index (a `Map` answers this too). */
export interface TimingDigestLookup {
  get(span: number): Uint8Array | undefined;
}

/** Digest key ids shared by every trace (bounded; see `DigestKeyIds`). */
const keyIds = new DigestKeyIds();

const duration = new ReusedFloat64();
const selfTime = new ReusedFloat64();
const spanKeys = new ReusedInt32();
const regionSizes = new ReusedInt32();
const regionStarts = new ReusedInt32();
const buckets = new ReusedInt32();
const groupKeys = new ReusedInt32();
const groupSums = new ReusedFloat64();
const groupCounts = new ReusedInt32();
const orders = new ReusedInt32();

/**
 * Per key id: the group it has in the current region, valid when its stamp is the region's. Grown, never
 * shrunk (at most the key ids' bound plus the largest trace's dropped spans).
 */
let slots = new Int32Array(256);
let slotStamps = new Int32Array(256);
let stamp = 0;

/** One call's arrays, taken once (a `take` past the reuse limit gives a fresh array each time). */
interface Work {
  readonly n: number;
  readonly self: Float64Array;
  /** Per dropped span: its key id. */
  readonly keys: Int32Array;
  /** Per anchor: its dropped spans' count, then its groups' count. */
  readonly size: Int32Array;
  /** Per anchor: where its spans start in `bucket`, then where its groups start. */
  readonly start: Int32Array;
  /** Dropped spans ordered by anchor, in index order within one (sums add up in the old order). */
  readonly bucket: Int32Array;
  /** Per group (at most one per dropped span): key id, sum of log values, count. */
  readonly key: Int32Array;
  readonly sum: Float64Array;
  readonly count: Int32Array;
  readonly order: Int32Array;
}

/**
 * The timing digest of every kept span with dropped descendants below it (`anchors[i]` is span i's
 * nearest kept ancestor, -1 when none); dropped spans with no kept ancestor belong to no digest. Groups
 * are found by key id (`DigestKeyIds`) in reused arrays and sorted by the ids' ranks, so a trace costs
 * O(spans) plus a small sort per region, with no key string built once the keys are known. The answer
 * reads reused arrays: valid until the next call; each digest is built when asked for, as a fresh array.
 */
export function regionTimingDigests(
  tree: TraceTree,
  kept: Uint8Array,
  anchors: Int32Array,
): TimingDigestLookup {
  const n = tree.spans.length;
  keyIds.begin();
  const self = selfTimesInto(tree, duration.take(n), selfTime.take(n));
  const size = regionSizes.take(n).fill(0, 0, n);
  const keys = spanKeys.take(n);
  let dropped = 0;
  let maxId = 0;
  for (let i = 0; i < n; i++) {
    const anchor = anchors[i]!;
    if (kept[i] === 1 || anchor < 0) continue;
    const span = tree.spans[i]!;
    const id = keyIds.id(span.resource, span.name, calleeIn(tree, i));
    keys[i] = id;
    if (id > maxId) maxId = id;
    size[anchor]!++;
    dropped++;
  }
  if (dropped === 0) return lookup.reset(undefined, 0, undefined);
  const work: Work = {
    n,
    self,
    keys,
    size,
    start: regionStarts.take(n),
    bucket: buckets.take(dropped),
    key: groupKeys.take(dropped),
    sum: groupSums.take(dropped),
    count: groupCounts.take(dropped),
    order: orders.take(dropped),
  };
  bucketByAnchor(work, anchors, kept);
  const groups = groupRegions(work);
  return lookup.reset(work, groups, keyIds.ranksFor(maxId + 1, groups));
}

/** Orders the dropped spans by anchor (stable), leaving `start[a]` at anchor a's first. */
function bucketByAnchor(work: Work, anchors: Int32Array, kept: Uint8Array): void {
  const { n, size, start, bucket } = work;
  let at = 0;
  for (let a = 0; a < n; a++) {
    at += size[a]!;
    start[a] = at;
  }
  for (let i = n - 1; i >= 0; i--) {
    const anchor = anchors[i]!;
    if (kept[i] !== 1 && anchor >= 0) bucket[--start[anchor]!] = i;
  }
}

/** Groups each region's dropped spans by key id; `size` and `start` then count groups. Returns them all. */
function groupRegions(work: Work): number {
  const { n, size, start } = work;
  growSlots(keyIds.size);
  if (stamp >= 0x7fffffff - n) {
    stamp = 0;
    slotStamps.fill(0);
  }
  let groups = 0;
  for (let a = 0; a < n; a++) {
    const count = size[a]!;
    if (count === 0) continue;
    const first = groups;
    groups = groupRegion(work, start[a]!, count, ++stamp, groups);
    start[a] = first;
    size[a] = groups - first;
  }
  return groups;
}

function growSlots(ids: number): void {
  if (slots.length >= ids) return;
  const length = Math.max(ids, slots.length * 2);
  slots = new Int32Array(length);
  const stamps = new Int32Array(length);
  stamps.set(slotStamps);
  slotStamps = stamps;
}

/** Adds one region's dropped spans (`bucket[from, from + count)`) to groups from `groups` on. */
function groupRegion(work: Work, from: number, count: number, regionStamp: number, groups: number): number {
  const { self, keys, bucket, key, sum, count: total } = work;
  for (let k = from; k < from + count; k++) {
    const i = bucket[k]!;
    const id = keys[i]!;
    const log = Math.log2(1 + self[i]! / 1000) * TIMING_STEPS_PER_DOUBLING;
    if (slotStamps[id] === regionStamp) {
      const g = slots[id]!;
      sum[g]! += log;
      total[g]!++;
      continue;
    }
    slotStamps[id] = regionStamp;
    slots[id] = groups;
    key[groups] = id;
    sum[groups] = log;
    total[groups] = 1;
    groups++;
  }
  return groups;
}

/** Builds an anchor's digest from the groups `regionTimingDigests` left in the reused arrays. */
class RegionDigestLookup implements TimingDigestLookup {
  private work: Work | undefined;
  private groups = 0;
  private ranks: Int32Array | undefined;

  reset(work: Work | undefined, groups: number, ranks: Int32Array | undefined): this {
    this.work = work;
    this.groups = groups;
    this.ranks = ranks;
    return this;
  }

  get(anchor: number): Uint8Array | undefined {
    const work = this.work;
    if (work === undefined || this.groups === 0 || !(anchor >= 0 && anchor < work.n)) return undefined;
    const m = work.size[anchor]!;
    if (m === 0) return undefined;
    const first = work.start[anchor]!;
    const sorted = work.order;
    for (let k = 0; k < m; k++) sorted[k] = first + k;
    sortGroups(sorted, m, work.key, this.ranks);
    const bytes = new Uint8Array(1 + m);
    bytes[0] = timingValue(work.self[anchor]!);
    for (let k = 0; k < m; k++) {
      const g = sorted[k]!;
      bytes[k + 1] = Math.min(MAX_TIMING_VALUE, Math.round(work.sum[g]! / work.count[g]!));
    }
    return bytes;
  }
}

const lookup = new RegionDigestLookup();

/** Sorts groups `sorted[0, m)` by key: by rank when ranked, else by key string (keys are distinct). */
function sortGroups(sorted: Int32Array, m: number, key: Int32Array, ranks: Int32Array | undefined): void {
  if (ranks === undefined) {
    sorted.subarray(0, m).sort((a, b) => (keyIds.key(key[a]!) < keyIds.key(key[b]!) ? -1 : 1));
  } else if (m <= 12) {
    for (let k = 1; k < m; k++) {
      const g = sorted[k]!;
      const r = ranks[key[g]!]!;
      let j = k;
      for (; j > 0 && ranks[key[sorted[j - 1]!]!]! > r; j--) sorted[j] = sorted[j - 1]!;
      sorted[j] = g;
    }
  } else if (keyIds.size * m < 2 ** 53) sortPacked(sorted, m, key, ranks);
  else sorted.subarray(0, m).sort((a, b) => ranks[key[a]!]! - ranks[key[b]!]!);
}

const packedScratch = new ReusedFloat64();

/** The rank sort as a native numeric sort of `rank * m + k` (exact: below 2^53), decoded by `% m`. */
function sortPacked(sorted: Int32Array, m: number, key: Int32Array, ranks: Int32Array): void {
  const packed = packedScratch.take(m).subarray(0, m);
  for (let k = 0; k < m; k++) packed[k] = ranks[key[sorted[k]!]!]! * m + k;
  packed.sort();
  const first = sorted[0]!;
  for (let k = 0; k < m; k++) sorted[k] = first + (packed[k]! % m);
}

/**
 * The timing digest of every kept span with dropped descendants below it, as a map (see
 * `regionTimingDigests`, which `materialize` uses without building one).
 */
export function timingDigests(
  tree: TraceTree,
  kept: Uint8Array,
  anchors: Int32Array,
): Map<number, Uint8Array> {
  const digests = new Map<number, Uint8Array>();
  const found = regionTimingDigests(tree, kept, anchors);
  for (let i = 0; i < tree.spans.length; i++) {
    const digest = found.get(i);
    if (digest !== undefined) digests.set(i, digest);
  }
  return digests;
}
