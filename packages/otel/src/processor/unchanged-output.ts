import type { TraceDecision } from '@autoscope/core';

/**
 * The trace's spans in tree order when `materialize` would write each of them unchanged: every span is
 * kept and every top span is a local root (no parent missing from the trace). Otherwise undefined.
 * `materialize` then adds nothing (no dropped region, so no gap, shape, slot or summary attributes;
 * `annotate` must be off) and returns each input span itself; skipping it spares its per-trace buffers,
 * which cost as much as the rest of the output for small traces (a service's 1- and 2-span local traces
 * are often kept whole).
 */
export function unchangedOutput<S>(decision: TraceDecision, annotate: boolean): S[] | undefined {
  if (annotate) return undefined;
  const { tree, decisions } = decision;
  for (let i = 0; i < decisions.length; i++) if (!decisions[i]!.keep) return undefined;
  const { tops, spans, preorder } = tree;
  for (let t = 0; t < tops.length; t++) if (spans[tops[t]!]!.parentSpanId !== '') return undefined;
  const out: S[] = new Array(preorder.length);
  for (let o = 0; o < preorder.length; o++) out[o] = spans[preorder[o]!] as S;
  return out;
}
