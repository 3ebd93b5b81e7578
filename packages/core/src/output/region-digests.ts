import type { TraceTree } from '../trace-tree.js';
import { DigestKeyIds } from './digest-key-ids.js';
import { fillPrefix, ReusedFloat64, ReusedInt32 } from './reused-arrays.js';
import {
  calleeIn,
  logSelfTime,
  MAX_TIMING_VALUE,
  selfTimeOf,
  spanDurationOf,
  timingValue,
} from './timing-digest.js';

/** The digests of one trace by kept span index (a `Map` answers this too). */
export interface TimingDigestLookup {
  get(span: number): Uint8Array | undefined;
}

/** `TimingDigestLookup` that can also write a digest into an array it reuses. */
export interface ReusingDigestLookup extends TimingDigestLookup {
  /**
   * The digest of `span` in an array shared by every call for the same length (up to 64 bytes; a fresh
   * one past that): valid until the next call. For a consumer that encodes it at once.
   */
  shared(span: number): Uint8Array | undefined;
}

/** Digest key ids shared by every trace (bounded; see `DigestKeyIds`). */
const keyIds = new DigestKeyIds();

const duration = new ReusedFloat64();
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

/**
 * One call's arrays, taken once (a `take` past the reuse limit gives a fresh array each time), in one
 * object reused from call to call (no allocation per trace).
 */
interface Work {
  n: number;
  tree: TraceTree;
  /** Per span: its duration (`spanDurationOf`), which self times are computed from. */
  duration: Float64Array;
  /** Per dropped span: its key id. */
  keys: Int32Array;
  /** Per anchor: its dropped spans' count, then its groups' count. */
  size: Int32Array;
  /** Per anchor: where its spans start in `bucket`, then where its groups start. */
  start: Int32Array;
  /** Dropped spans ordered by anchor, in index order within one (sums add up in the old order). */
  bucket: Int32Array;
  /** Per group (at most one per dropped span): key id, sum of log values, count. */
  key: Int32Array;
  sum: Float64Array;
  count: Int32Array;
  order: Int32Array;
}

const NO_TREE: TraceTree = {
  traceId: '',
  spans: [],
  parent: new Int32Array(0),
  children: [],
  tops: [],
  preorder: [],
  duplicates: 0,
  brokenLinks: 0,
};
const EMPTY_INT = new Int32Array(0);
const EMPTY_FLOAT = new Float64Array(0);
const work: Work = {
  n: 0,
  tree: NO_TREE,
  duration: EMPTY_FLOAT,
  keys: EMPTY_INT,
  size: EMPTY_INT,
  start: EMPTY_INT,
  bucket: EMPTY_INT,
  key: EMPTY_INT,
  sum: EMPTY_FLOAT,
  count: EMPTY_INT,
  order: EMPTY_INT,
};

/** Points `work` at this call's trace and arrays (spans' durations, keys and region sizes already set). */
function workFor(
  tree: TraceTree,
  durations: Float64Array,
  keys: Int32Array,
  size: Int32Array,
  dropped: number,
): Work {
  work.n = tree.spans.length;
  work.tree = tree;
  work.duration = durations;
  work.keys = keys;
  work.size = size;
  work.start = regionStarts.take(work.n);
  work.bucket = buckets.take(dropped);
  work.key = groupKeys.take(dropped);
  work.sum = groupSums.take(dropped);
  work.count = groupCounts.take(dropped);
  work.order = orders.take(dropped);
  return work;
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
): ReusingDigestLookup {
  const n = tree.spans.length;
  keyIds.begin();
  const durations = duration.take(n);
  const size = fillPrefix(regionSizes.take(n), 0, n);
  const keys = spanKeys.take(n);
  let dropped = 0;
  let maxId = 0;
  for (let i = 0; i < n; i++) {
    const span = tree.spans[i]!;
    durations[i] = spanDurationOf(span);
    const anchor = anchors[i]!;
    if (kept[i] === 1 || anchor < 0) continue;
    const id = keyIds.id(span.resource, span.name, calleeIn(tree, i));
    keys[i] = id;
    if (id > maxId) maxId = id;
    size[anchor]!++;
    dropped++;
  }
  // One reset call for both outcomes: a trace with nothing dropped is rare, and a call first made after
  // this function is compiled would throw the compiled code away.
  let work: Work | undefined;
  let groups = 0;
  let ranks: Int32Array | undefined;
  if (dropped > 0) {
    work = workFor(tree, durations, keys, size, dropped);
    bucketByAnchor(work, anchors, kept);
    groups = groupRegions(work);
    ranks = keyIds.ranksFor(maxId + 1, groups);
  }
  return lookup.reset(work, groups, ranks);
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
  const { tree, duration: durations, keys, bucket, key, sum, count: total } = work;
  for (let k = from; k < from + count; k++) {
    const i = bucket[k]!;
    const id = keys[i]!;
    const log = logSelfTime(tree, durations, i);
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
class RegionDigestLookup implements ReusingDigestLookup {
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
    const m = this.groupsOf(anchor);
    return m === 0 ? undefined : this.write(anchor, m, new Uint8Array(1 + m));
  }

  shared(anchor: number): Uint8Array | undefined {
    const m = this.groupsOf(anchor);
    if (m === 0) return undefined;
    return this.write(anchor, m, sharedDigest(1 + m));
  }

  /** How many groups the anchor's digest has (0: no digest). */
  private groupsOf(anchor: number): number {
    const work = this.work;
    if (work === undefined || this.groups === 0 || !(anchor >= 0 && anchor < work.n)) return 0;
    return work.size[anchor]!;
  }

  /** Writes the anchor's digest of `m` groups into `bytes` (of length 1 + m) and returns it. */
  private write(anchor: number, m: number, bytes: Uint8Array): Uint8Array {
    const work = this.work!;
    const first = work.start[anchor]!;
    const sorted = work.order;
    for (let k = 0; k < m; k++) sorted[k] = first + k;
    sortGroups(sorted, m, work.key, this.ranks);
    bytes[0] = timingValue(selfTimeOf(work.tree, work.duration, anchor));
    for (let k = 0; k < m; k++) {
      const g = sorted[k]!;
      bytes[k + 1] = Math.min(MAX_TIMING_VALUE, Math.round(work.sum[g]! / work.count[g]!));
    }
    return bytes;
  }
}

/** Digests up to this length (exclusive) are written into `sharedDigests` by `shared`. */
const SHARED_LENGTHS = 65;
const sharedDigests: (Uint8Array | undefined)[] = [];

/** The shared digest array of this length (a fresh one past `SHARED_LENGTHS`); also the planned digests'. */
export function sharedDigest(length: number): Uint8Array {
  if (length >= SHARED_LENGTHS) return new Uint8Array(length);
  let bytes = sharedDigests[length];
  if (bytes === undefined) {
    bytes = new Uint8Array(length);
    sharedDigests[length] = bytes;
  }
  return bytes;
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
  } else if (!sortByRankScan(sorted, m, key, ranks)) {
    sorted.subarray(0, m).sort((a, b) => ranks[key[a]!]! - ranks[key[b]!]!);
  }
}

/** Per rank: the group holding it while `sortByRankScan` runs, else -1. Grown, never shrunk. */
let byRank = new Int32Array(0);

/**
 * Sorts by placing each group at its rank and reading the ranks back in order: O(m + range of the
 * ranks). False (nothing done) when that range is over 8 m, where a comparison sort is cheaper.
 */
function sortByRankScan(sorted: Int32Array, m: number, key: Int32Array, ranks: Int32Array): boolean {
  let low = ranks[key[sorted[0]!]!]!;
  let high = low;
  for (let k = 1; k < m; k++) {
    const r = ranks[key[sorted[k]!]!]!;
    if (r < low) low = r;
    else if (r > high) high = r;
  }
  if (high - low >= 8 * m) return false;
  if (byRank.length <= high) byRank = new Int32Array(Math.max(high + 1, byRank.length * 2)).fill(-1);
  for (let k = 0; k < m; k++) byRank[ranks[key[sorted[k]!]!]!] = sorted[k]!;
  let k = 0;
  for (let r = low; r <= high; r++) {
    const g = byRank[r]!;
    if (g < 0) continue;
    sorted[k++] = g;
    byRank[r] = -1;
  }
  return true;
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
