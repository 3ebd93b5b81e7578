import type { TraceTree } from '../trace-tree.js';
import { ReusedFloat64, ReusedInt32 } from './reused-arrays.js';
import {
  calleeIn,
  MAX_TIMING_VALUE,
  selfTimesInto,
  TIMING_STEPS_PER_DOUBLING,
  timingValue,
} from './timing-digest.js';

/** Traces up to this many spans take `smallTimingDigests`; larger ones `timingDigests` (maps). */
export const SMALL_DIGEST_SPANS = 64;

/** The digests of one trace by kept span index (a `Map` answers this too). */
export interface TimingDigestLookup {
  get(span: number): Uint8Array | undefined;
}

const duration = new ReusedFloat64();
const selfTime = new ReusedFloat64();
/** Per span: its first group when it is an anchor, else -1. */
const firstGroup = new ReusedInt32();
/** Per group (at most one per dropped span): next group of the same anchor, first span, label, sums. */
const nextGroup = new ReusedInt32();
const groupSpan = new ReusedInt32();
const groupLabel = new ReusedFloat64();
const groupSum = new ReusedFloat64();
const groupCount = new ReusedInt32();
const groupCallee: string[] = [];
/** One anchor's groups being ordered (at most all groups). */
const order = new ReusedInt32();

/**
 * `timingDigests` for a small trace, the same bytes without maps, group objects or key strings: groups
 * are linked lists in reused arrays (a region of a small trace has a handful), ordered by comparing their
 * keys in place (`compareDigestKeys`). The answer is valid until the next call (it reads reused arrays);
 * each digest is built when asked for, as a fresh array. O(spans × groups per region).
 */
export function smallTimingDigests(
  tree: TraceTree,
  kept: Uint8Array,
  anchors: Int32Array,
  labels: Float64Array,
): TimingDigestLookup {
  const n = tree.spans.length;
  const self = selfTimesInto(tree, duration.take(n), selfTime.take(n));
  const first = firstGroup.take(n).fill(-1, 0, n);
  const next = nextGroup.take(n);
  const span = groupSpan.take(n);
  const label = groupLabel.take(n);
  const sum = groupSum.take(n);
  const count = groupCount.take(n);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const anchor = anchors[i]!;
    if (kept[i] === 1 || anchor < 0) continue;
    const callee = calleeIn(tree, i);
    const log = Math.log2(1 + self[i]! / 1000) * TIMING_STEPS_PER_DOUBLING;
    let last = -1;
    let g = first[anchor]!;
    while (g >= 0 && !(sameKey(label[g]!, labels[i]!) && groupCallee[g] === callee)) {
      last = g;
      g = next[g]!;
    }
    if (g >= 0) {
      sum[g]! += log;
      count[g]!++;
      continue;
    }
    g = groups++;
    span[g] = i;
    label[g] = labels[i]!;
    groupCallee[g] = callee;
    sum[g] = log;
    count[g] = 1;
    next[g] = -1;
    if (last < 0) first[anchor] = g;
    else next[last] = g;
  }
  return lookup.reset(tree, self, groups);
}

/** Map keys' equality (SameValueZero), which `timingDigests` groups labels by. */
function sameKey(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Builds the digest of an anchor from the groups `smallTimingDigests` left in the reused arrays. */
class SmallDigestLookup implements TimingDigestLookup {
  private tree: TraceTree | undefined;
  private self: Float64Array = new Float64Array(0);
  private groups = 0;

  reset(tree: TraceTree, self: Float64Array, groups: number): this {
    this.tree = tree;
    this.self = self;
    this.groups = groups;
    return this;
  }

  get(anchor: number): Uint8Array | undefined {
    const tree = this.tree;
    if (tree === undefined || anchor < 0 || anchor >= tree.spans.length) return undefined;
    let g = firstGroup.take(tree.spans.length)[anchor]!;
    if (g < 0) return undefined;
    const sorted = order.take(this.groups);
    const next = nextGroup.take(tree.spans.length);
    let m = 0;
    for (; g >= 0; g = next[g]!) insertByKey(tree, sorted, m++, g);
    const sum = groupSum.take(tree.spans.length);
    const count = groupCount.take(tree.spans.length);
    const bytes = new Uint8Array(1 + m);
    bytes[0] = timingValue(this.self[anchor]!);
    for (let k = 0; k < m; k++) {
      const s = sorted[k]!;
      bytes[k + 1] = Math.min(MAX_TIMING_VALUE, Math.round(sum[s]! / count[s]!));
    }
    return bytes;
  }
}

const lookup = new SmallDigestLookup();

/** Insertion step: puts group `g` into `sorted[0..m]`, ordered by digest key (keys are distinct). */
function insertByKey(tree: TraceTree, sorted: Int32Array, m: number, g: number): void {
  const spans = groupSpan.take(tree.spans.length);
  const a = tree.spans[spans[g]!]!;
  let k = m;
  while (k > 0) {
    const prev = sorted[k - 1]!;
    const b = tree.spans[spans[prev]!]!;
    const c = compareDigestKeys(
      a.resource.serviceName,
      a.name,
      groupCallee[g]!,
      b.resource.serviceName,
      b.name,
      groupCallee[prev]!,
    );
    if (c >= 0) break;
    sorted[k] = prev;
    k--;
  }
  sorted[k] = g;
}

/**
 * The order of `digestKey(s1, n1, c1)` and `digestKey(s2, n2, c2)` as `<` orders strings (UTF-16 code
 * units; a prefix first), without building either key: negative, 0 or positive.
 */
export function compareDigestKeys(
  s1: string,
  n1: string,
  c1: string,
  s2: string,
  n2: string,
  c2: string,
): number {
  let pos = 0;
  if (s1 === s2) {
    pos = s1.length + 1;
    if (n1 === n2) {
      if (c1 === c2) return 0;
      pos += n1.length + 1;
    }
  }
  const length1 = s1.length + n1.length + c1.length + 2;
  const length2 = s2.length + n2.length + c2.length + 2;
  for (; pos < length1 && pos < length2; pos++) {
    const a = keyCharAt(s1, n1, c1, pos);
    const b = keyCharAt(s2, n2, c2, pos);
    if (a !== b) return a - b;
  }
  return length1 - length2;
}

/** The code unit at `pos` of `service \0 name \1 callee` (the digest key's layout). */
function keyCharAt(service: string, name: string, callee: string, pos: number): number {
  if (pos < service.length) return service.charCodeAt(pos);
  let at = pos - service.length;
  if (at === 0) return 0;
  at--;
  if (at < name.length) return name.charCodeAt(at);
  at -= name.length;
  if (at === 0) return 1;
  return callee.charCodeAt(at - 1);
}
