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

interface ParentRecord {
  total: number;
  readonly signatures: Map<number, number>;
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
  private readonly parents = new Map<number, ParentRecord>();
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
    let record = this.parents.get(parentLabelHash);
    if (record === undefined) {
      if (this.parents.size >= this.limits.maxParents) {
        this.saturated++;
        return 1 < rareFraction ? RARE_BRANCH : 0;
      }
      record = { total: 0, signatures: new Map() };
      this.parents.set(parentLabelHash, record);
    }
    const seen = record.signatures.get(signature);
    const full = record.signatures.size >= this.limits.maxSignaturesPerParent;
    const frequency = record.total === 0 ? 1 : (seen ?? 0) / record.total;
    let observation = 0;
    if (seen === undefined && record.total > 0 && !full) observation |= NEW_BRANCH;
    if (frequency < rareFraction) observation |= RARE_BRANCH;
    if (record.signatures.size <= 1 && (seen !== undefined || record.total === 0))
      observation |= DETERMINISTIC_BRANCH;
    record.total++;
    if (seen !== undefined) record.signatures.set(signature, seen + 1);
    else if (!full) record.signatures.set(signature, 1);
    else this.saturated++;
    return observation;
  }

  /** Sizes, for metrics and reports. */
  size(): { edges: number; parents: number } {
    return { edges: this.edges.size, parents: this.parents.size };
  }
}
