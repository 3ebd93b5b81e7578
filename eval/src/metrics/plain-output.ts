import type { Span, TraceDecision } from '@autoscope/core';

/**
 * What a baseline sampler exports for a decided trace: its kept spans in tree order, each re-parented to
 * its nearest kept ancestor, with no added attributes (baselines record nothing about what they dropped).
 * A kept span whose ancestors were all dropped keeps its own parent id. When every span is kept, the
 * tree's own span array is returned (callers may reuse what they computed for it).
 */
export function plainOutput(decision: TraceDecision): readonly Span[] {
  const { tree, decisions } = decision;
  if (decisions.every((d) => d.keep)) return tree.spans;
  const anchor = new Int32Array(tree.spans.length).fill(-1);
  const out: Span[] = [];
  for (const i of tree.preorder) {
    const p = tree.parent[i]!;
    anchor[i] = p < 0 ? -1 : decisions[p]!.keep ? p : anchor[p]!;
    if (!decisions[i]!.keep) continue;
    const span = tree.spans[i]!;
    const a = anchor[i]!;
    out.push(p < 0 || a === p || a < 0 ? span : { ...span, parentSpanId: tree.spans[a]!.spanId });
  }
  return out;
}

/** A mask of the tree's spans that keep their full data. */
export function keptMask(decision: TraceDecision): Uint8Array {
  const mask = new Uint8Array(decision.decisions.length);
  decision.decisions.forEach((d, i) => {
    if (d.keep) mask[i] = 1;
  });
  return mask;
}
