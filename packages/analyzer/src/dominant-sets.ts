/**
 * Dominant span sets from a function's CSCFG: blocks that always run together (control equivalent:
 * one dominates the other and the other post-dominates it) form one set. The set of blocks that run
 * on every path is headed by the function's own span; every other set is headed by its first span.
 */
import type { DominantSpanSet } from '@autoscope/core';
import { dominates, immediateDominators } from './dominators.js';
import type { BlockIR, CallSiteIR, FunctionIR } from './model.js';

/** Dominant span sets of one function; `spanOf` names the span a call produces. */
export function dominantSetsOf(fn: FunctionIR, spanOf: (call: CallSiteIR) => string): DominantSpanSet[] {
  const { blocks, entry, exits, emptyPath } = fn.graph;
  if (blocks.length === 0) return [];
  const n = blocks.length;
  const succ: number[][] = blocks.map((b) => [...b.next]);
  for (const e of exits) succ[e]!.push(n + 1);
  succ.push(emptyPath ? [...entry, n + 1] : [...entry], []);
  const pred: number[][] = succ.map(() => []);
  succ.forEach((list, v) => {
    for (const w of list) pred[w]!.push(v);
  });
  const dom = immediateDominators(n + 2, n, succ);
  const pdom = immediateDominators(n + 2, n + 1, pred);
  const assigned = new Set<number>();
  const sets: DominantSpanSet[] = [];
  const mandatory = blocks.filter((b) => b.kind === 'mandatory');
  for (const b of mandatory) assigned.add(b.id);
  if (mandatory.length > 0) sets.push(makeSet(`${fn.id}/0`, fn.span, mandatory, spanOf, false));
  for (const b of blocks) {
    if (assigned.has(b.id)) continue;
    const group = blocks.filter(
      (x) => !assigned.has(x.id) && dominates(dom, b.id, x.id) && dominates(pdom, x.id, b.id),
    );
    for (const x of group) assigned.add(x.id);
    const first = b.calls[0];
    if (first !== undefined)
      sets.push(makeSet(`${fn.id}/${sets.length}`, spanOf(first), group, spanOf, true, 1));
  }
  return sets;
}

function makeSet(
  id: string,
  dominator: string,
  group: readonly BlockIR[],
  spanOf: (call: CallSiteIR) => string,
  conditional: boolean,
  skip = 0,
): DominantSpanSet {
  const members: string[] = [];
  group.forEach((b, i) => {
    for (const c of b.calls.slice(i === 0 ? skip : 0)) {
      const s = spanOf(c);
      if (s !== dominator && !members.includes(s)) members.push(s);
    }
  });
  const set: DominantSpanSet = { id, dominator, members };
  const branch = conditional || group.some((b) => b.next.size > 1);
  const loop = group.some((b) => b.loop);
  return { ...set, ...(branch ? { branch } : {}), ...(loop ? { loop } : {}) };
}
