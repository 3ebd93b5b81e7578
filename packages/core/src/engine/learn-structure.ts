import type { KeepReason } from '../strategy.js';
import {
  DETERMINISTIC_BRANCH,
  type LearnedStructure,
  NEW_BRANCH,
  RARE_BRANCH,
} from '../structure/learned-structure.js';
import type { SpanLabel } from './span-labels.js';
import type { StaticShapes } from './static-shapes.js';
import type { TraceAnalysis } from './trace-analysis.js';

/** The options `learnStructure` reads. */
export interface StructureOptions {
  readonly repeatThreshold: number;
  readonly rareBranchFraction: number;
  /** Spans of each dominant set (a parent's children) marked `preferred`: the top-k by Z-score. */
  readonly topK: number;
}

/**
 * Learns each parent's children (its branch) and marks, per span: new branches (`new_structure`), rare
 * branches, deterministic children (implied by their parent: a learned dominant span set) and repeat
 * groups among siblings, and the top-k children by score (`preferred`). With a static model, children it says come with their parent are marked in
 * `modelImplied` from the first trace on, and a new branch made only of known edges, with no mandatory
 * call site missing that earlier traces showed, is a known branch: not new structure, only pinned (its
 * frequency is 0, so it is a rare branch).
 */
export function learnStructure(
  analysis: TraceAnalysis,
  structure: LearnedStructure,
  options: StructureOptions,
  statics?: StaticShapes,
): void {
  const { tree, labels } = analysis;
  const mandatory = analysis.mandatory as (KeepReason | undefined)[];
  for (let i = 0; i < tree.spans.length; i++) {
    const kids = tree.children[i]!;
    if (kids.length === 0) continue;
    if (kids.length >= options.repeatThreshold) markRepeats(analysis, kids, options.repeatThreshold);
    if (options.topK > 0) markPreferred(analysis, kids, options.topK);
    const label = labels[i]!;
    const signature = childrenSignature(kids, labels);
    // The record is cached on the interned label: one map read per label, not per parent span.
    let record = label.branches;
    if (record === undefined) {
      record = structure.branchesOf(label.hash);
      label.branches = record;
    }
    const branch = structure.observeBranchIn(record, signature, options.rareBranchFraction);
    const known = statics?.observeChildren(label, kids, labels, analysis.modelImplied) === true;
    if ((branch & NEW_BRANCH) !== 0 && !known) mandatory[i] ??= 'new_structure';
    if ((branch & RARE_BRANCH) !== 0) analysis.rareBranch[i] = 1;
    if ((branch & DETERMINISTIC_BRANCH) !== 0) analysis.implied[i] = 1;
  }
}

/** Marks the top-k children by Z-score (above 0) of one parent; ties go to the earlier child. */
function markPreferred(analysis: TraceAnalysis, kids: readonly number[], k: number): void {
  const { z, preferred } = analysis;
  if (k === 1) {
    let best = kids[0]!;
    for (let c = 1; c < kids.length; c++) if (z[kids[c]!]! > z[best]!) best = kids[c]!;
    if (z[best]! > 0) preferred[best] = 1;
    return;
  }
  const ranked = kids.length <= k ? kids : [...kids].sort((a, b) => z[b]! - z[a]!).slice(0, k);
  for (const i of ranked) if (z[i]! > 0) preferred[i] = 1;
}

/** Sibling lists up to this long count repeats by comparing labels pairwise (no map). */
const PAIRWISE_REPEATS = 24;

function markRepeats(analysis: TraceAnalysis, kids: readonly number[], threshold: number): void {
  if (kids.length <= PAIRWISE_REPEATS) {
    markRepeatsPairwise(analysis, kids, threshold);
    return;
  }
  const counts = new Map<SpanLabel, number>();
  for (let c = 0; c < kids.length; c++) {
    const label = analysis.labels[kids[c]!]!;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  for (let c = 0; c < kids.length; c++) {
    const k = kids[c]!;
    if (counts.get(analysis.labels[k]!)! >= threshold) analysis.repeat[k] = 1;
  }
}

function markRepeatsPairwise(analysis: TraceAnalysis, kids: readonly number[], threshold: number): void {
  const labels = analysis.labels;
  for (let c = 0; c < kids.length; c++) {
    const k = kids[c]!;
    if (analysis.repeat[k] === 1) continue;
    const label = labels[k]!;
    let count = 0;
    for (let d = 0; d < kids.length; d++) if (labels[kids[d]!] === label) count++;
    if (count < threshold) continue;
    for (let d = c; d < kids.length; d++) if (labels[kids[d]!] === label) analysis.repeat[kids[d]!] = 1;
  }
}

/**
 * An order-independent hash of the multiset of a parent's children's labels: a sum of mixed label hashes
 * in two 32-bit lanes (mixed once per label: `SpanLabel.laneA`/`laneB`; no sorting, no allocation) and
 * the child count, as one integer below 2^52. It keys a signature within its parent label's own
 * `BranchRecord`, so it needs no parent half (a `pairHash` with the parent's was a call per parent span).
 */
export function childrenSignature(kids: readonly number[], labels: readonly SpanLabel[]): number {
  let a = kids.length;
  let b = 0x9e3779b9;
  for (let j = 0; j < kids.length; j++) {
    const label = labels[kids[j]!]!;
    a = (a + label.laneA) | 0;
    b = (b + label.laneB) | 0;
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}
