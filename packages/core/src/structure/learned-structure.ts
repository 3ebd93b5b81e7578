/**
 * Bits of `LearnedStructure.observeBranch`: the parent's children signature was never seen before (for a
 * parent label seen before).
 */
export const NEW_BRANCH = 1;
/** The share of the parent label's past occurrences with this signature is below the rare fraction. */
export const RARE_BRANCH = 2;
/** The parent label always had the same children so far: its children are implied by it. */
export const DETERMINISTIC_BRANCH = 4;

/** Limits that keep the model's memory bounded. */
export interface LearnedStructureLimits {
  /** Distinct parent→child edges remembered. */
  readonly maxEdges: number;
  /** Distinct parent labels remembered. */
  readonly maxParents: number;
  /** Distinct children signatures per parent; past it the parent counts as free-form (never "new"). */
  readonly maxSignaturesPerParent: number;
}

const DEFAULT_LIMITS: LearnedStructureLimits = {
  maxEdges: 1_000_000,
  maxParents: 200_000,
  maxSignaturesPerParent: 256,
};

/** Signatures a parent record scans in arrays before it spills the rest into a map. */
const INLINE_SIGNATURES = 8;

/**
 * What the structure learned about one parent label: how often it occurred, with which children
 * signatures. Callers may hold it (e.g. on an interned label) and pass it to `observeBranchIn`.
 */
export class BranchRecord {
  total = 0;
  /** The first signatures seen and their counts, scanned linearly (most parents show a handful). */
  private readonly keys: number[] = [];
  private readonly counts: number[] = [];
  /** Signatures past the first `INLINE_SIGNATURES`. */
  private more: Map<number, number> | undefined;
  /** Index in `keys` of the signature the last `get` found (a `set` of it after a `get` needs no scan). */
  private found = 0;

  /** Distinct signatures recorded. */
  get size(): number {
    return this.keys.length + (this.more?.size ?? 0);
  }

  /** Occurrences of `signature` so far; undefined when never recorded. */
  get(signature: number): number | undefined {
    const keys = this.keys;
    for (let k = 0; k < keys.length; k++) {
      if (keys[k] === signature) {
        this.found = k;
        return this.counts[k]!;
      }
    }
    return this.more?.get(signature);
  }

  /**
   * Counts one more occurrence of `signature` when every occurrence so far had it (a parent label that always
   * had the same children: most of them) and returns true; else returns false and changes nothing.
   */
  countIfOnly(signature: number): boolean {
    if (this.keys.length !== 1 || this.keys[0] !== signature || this.counts[0] !== this.total) return false;
    this.counts[0]!++;
    this.total++;
    return true;
  }

  /** Sets the count of `signature`. */
  set(signature: number, count: number): void {
    const keys = this.keys;
    if (keys[this.found] === signature) {
      this.counts[this.found] = count;
      return;
    }
    for (let k = 0; k < keys.length; k++) {
      if (keys[k] === signature) {
        this.counts[k] = count;
        return;
      }
    }
    if (this.more === undefined && keys.length < INLINE_SIGNATURES) {
      keys.push(signature);
      this.counts.push(count);
      return;
    }
    this.more ??= new Map();
    this.more.set(signature, count);
  }
}

/**
 * The structure learned from traces: which parent→child edges exist, and which sets of children
 * (signatures: the multiset of child labels) each parent label has shown. A child that is always present
 * under its parent, in the same count, is implied by the parent (a learned dominant span set).
 *
 * Pure and deterministic; all inputs are label hashes computed by the caller.
 */
export class LearnedStructure {
  private readonly edges = new Set<number>();
  private readonly parents = new Map<number, BranchRecord>();
  private readonly limits: LearnedStructureLimits;
  /** Observations not learned because a limit was reached. */
  saturated = 0;

  constructor(limits: Partial<LearnedStructureLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** True when the edge was never seen; learns it. */
  observeEdge(edgeKey: number): boolean {
    if (this.edges.has(edgeKey)) return false;
    if (this.edges.size >= this.limits.maxEdges) {
      this.saturated++;
      return false;
    }
    this.edges.add(edgeKey);
    return true;
  }

  /** True when the edge is known (learned or from a static model added with `addEdge`). */
  hasEdge(edgeKey: number): boolean {
    return this.edges.has(edgeKey);
  }

  /** Adds a known edge without observing it (e.g. from the static analysis). */
  addEdge(edgeKey: number): void {
    if (this.edges.size < this.limits.maxEdges) this.edges.add(edgeKey);
  }

  /**
   * Records one occurrence of a parent label with a children signature, and says how usual it was:
   * `NEW_BRANCH`, `RARE_BRANCH` (its share of the label's past occurrences, 1 for a first occurrence, is
   * below `rareFraction`) and `DETERMINISTIC_BRANCH` bits (a number: no object per parent span).
   */
  observeBranch(parentLabelHash: number, signature: number, rareFraction: number): number {
    return this.observeBranchIn(this.branchesOf(parentLabelHash), signature, rareFraction);
  }

  /**
   * The record of a parent label hash, created on first use; undefined when `maxParents` labels are
   * already remembered. Records are never dropped, so a caller may keep one for later observations.
   */
  branchesOf(parentLabelHash: number): BranchRecord | undefined {
    let record = this.parents.get(parentLabelHash);
    if (record === undefined && this.parents.size < this.limits.maxParents) {
      record = new BranchRecord();
      this.parents.set(parentLabelHash, record);
    }
    return record;
  }

  /** `observeBranch` with the parent's record from `branchesOf` (undefined: not learned, counted). */
  observeBranchIn(record: BranchRecord | undefined, signature: number, rareFraction: number): number {
    if (record === undefined) {
      this.saturated++;
      return 1 < rareFraction ? RARE_BRANCH : 0;
    }
    // The usual case, a parent label that always had these children: seen === total (frequency 1), size 1.
    if (record.countIfOnly(signature)) return DETERMINISTIC_BRANCH | (1 < rareFraction ? RARE_BRANCH : 0);
    const seen = record.get(signature);
    const size = record.size;
    const full = size >= this.limits.maxSignaturesPerParent;
    const frequency = record.total === 0 ? 1 : (seen ?? 0) / record.total;
    let observation = 0;
    if (seen === undefined && record.total > 0 && !full) observation |= NEW_BRANCH;
    if (frequency < rareFraction) observation |= RARE_BRANCH;
    if (size <= 1 && (seen !== undefined || record.total === 0)) observation |= DETERMINISTIC_BRANCH;
    record.total++;
    if (seen !== undefined) record.set(signature, seen + 1);
    else if (!full) record.set(signature, 1);
    else this.saturated++;
    return observation;
  }

  /** Sizes, for metrics and reports. */
  size(): { edges: number; parents: number } {
    return { edges: this.edges.size, parents: this.parents.size };
  }
}
