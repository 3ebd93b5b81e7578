import type { TraceTree } from '../trace-tree.js';
import type { DigestLayout } from './planned-digests.js';
import { ReusedFloat64, ReusedInt32, ReusedUint8 } from './reused-arrays.js';

/**
 * What the reparenting output derives from a trace's structure and keep mask alone, by preorder position
 * (`o`: the span `tree.preorder[o]`): for each position its label hash, its parent's position and whether
 * it is kept (the key), and for the kept spans their nearest kept ancestor, the `autoscope.gap`, the
 * `autoscope.slot` and the residual `autoscope.shape` hash (-1 where none), and whether the trace has a
 * dropped repeat group. Traces of one shape (same labels under the same parents, same spans kept) share
 * one plan: a service's local traces repeat a handful of shapes, and their decisions repeat too.
 */
export class OutputPlan {
  /** Spans (all in the preorder walk). */
  n = 0;
  labels: Float64Array;
  /** Parent's position, -1 for a top-level span. */
  parents: Int32Array;
  kept: Uint8Array;
  /** Nearest kept proper ancestor's position, -1 when none. */
  anchors: Int32Array;
  /** `autoscope.gap` of a kept span reparented to its anchor (at least 1), else -1. */
  gaps: Int32Array;
  /** `autoscope.slot`, else -1. */
  slots: Int32Array;
  /** Residual shape hash of a kept span with dropped children, else -1. */
  shapes: Float64Array;
  /** True when some dropped spans form a repeat group (`droppedRegions` in `reparent` mode finds one). */
  repeats = false;
  /** The `autoscope.timing` digests' groups, in cached plans (see `DigestLayout`). */
  digests: DigestLayout | undefined;

  constructor(capacity: number) {
    this.labels = new Float64Array(capacity);
    this.parents = new Int32Array(capacity);
    this.kept = new Uint8Array(capacity);
    this.anchors = new Int32Array(capacity);
    this.gaps = new Int32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.shapes = new Float64Array(capacity);
  }
}

/** Traces past this many spans get no cached plan (each plan holds seven arrays of its size). */
export const MAX_PLANNED_SPANS = 64;
/** Plans cached, direct-mapped by the key's hash (at most this many times 64 spans' arrays). */
const PLAN_SLOTS = 256;

/**
 * Plans by trace shape: `find` computes a trace's key (positions of its spans, its label hashes and keep
 * mask) into reused arrays and answers the plan cached for an equal key, compared whole (no hash is
 * trusted); `store` caches a plan made for the last key found (copied from it). Plans hold no span, no
 * id and no time, and are shared by every output stream (publishing is checked per stream by the caller).
 */
export class OutputPlans {
  private readonly hashes = new Int32Array(PLAN_SLOTS);
  private readonly plans: (OutputPlan | undefined)[] = new Array<OutputPlan | undefined>(PLAN_SLOTS);
  private readonly positionsOf = new ReusedInt32();
  private readonly keyLabels = new ReusedFloat64();
  private readonly keyParents = new ReusedInt32();
  private readonly keyKept = new ReusedUint8();
  private lastHash = 0;
  private lastN = 0;

  /** Position of each span index in the preorder walk, for the last `find` (valid until the next). */
  get positions(): Int32Array {
    return this.positionsOf.take(this.lastN);
  }

  /**
   * The cached plan of the trace, or undefined (then the key stays in this object for `store` and
   * `keyInto`). Only for trees whose preorder walk holds every span.
   */
  find(tree: TraceTree, kept: Uint8Array, labels: Float64Array): OutputPlan | undefined {
    const n = tree.preorder.length;
    const preorder = tree.preorder;
    const position = this.positionsOf.take(n);
    for (let o = 0; o < n; o++) position[preorder[o]!] = o;
    const keyLabels = this.keyLabels.take(n);
    const keyParents = this.keyParents.take(n);
    const keyKept = this.keyKept.take(n);
    let hash = Math.imul(n, 0x9e3779b1);
    for (let o = 0; o < n; o++) {
      const i = preorder[o]!;
      const label = labels[i]!;
      const p = tree.parent[i]!;
      const parent = p < 0 ? -1 : position[p]!;
      const keep = kept[i]!;
      keyLabels[o] = label;
      keyParents[o] = parent;
      keyKept[o] = keep;
      hash = Math.imul(hash ^ (label | 0), 0x85ebca6b);
      hash = Math.imul(hash ^ ((label / 4294967296) | 0), 0xc2b2ae35);
      hash = Math.imul(hash ^ ((parent << 1) | keep), 0x27d4eb2f);
    }
    hash ^= hash >>> 15;
    this.lastHash = hash;
    this.lastN = n;
    if (n > MAX_PLANNED_SPANS) return undefined;
    const slot = hash & (PLAN_SLOTS - 1);
    const plan = this.plans[slot];
    if (plan === undefined || this.hashes[slot] !== hash || plan.n !== n) return undefined;
    for (let o = 0; o < n; o++) {
      if (plan.labels[o] !== keyLabels[o] || plan.parents[o] !== keyParents[o] || plan.kept[o] !== keyKept[o])
        return undefined;
    }
    return plan;
  }

  /** Writes the last key found into `plan` (sized for it). */
  keyInto(plan: OutputPlan): void {
    const n = this.lastN;
    const keyLabels = this.keyLabels.take(n);
    const keyParents = this.keyParents.take(n);
    const keyKept = this.keyKept.take(n);
    plan.n = n;
    for (let o = 0; o < n; o++) {
      plan.labels[o] = keyLabels[o]!;
      plan.parents[o] = keyParents[o]!;
      plan.kept[o] = keyKept[o]!;
    }
  }

  /** Caches `plan`, made (by `keyInto` and the caller) for the last key found, if it is small enough. */
  store(plan: OutputPlan): void {
    if (plan.n !== this.lastN || plan.n > MAX_PLANNED_SPANS) return;
    const slot = this.lastHash & (PLAN_SLOTS - 1);
    this.hashes[slot] = this.lastHash;
    this.plans[slot] = plan;
  }
}
