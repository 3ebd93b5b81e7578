/**
 * `learn()`: the paper's dynamic patching. Parent -> child span-name edges seen in traces are added
 * (origin `traces`), static edges never seen are marked `observed: false`, and the drift is reported.
 */
import {
  type AutoscopeConfig,
  buildTraceTree,
  type EdgeKind,
  edgeKey,
  type StructureEdge,
  type Trace,
} from '@autoscope/core';

/** Differences between the code model and what the traces show. */
export interface DriftReport {
  readonly traces: number;
  readonly spans: number;
  /** Edges seen in traces but not in the static model (added with origin `traces`). */
  readonly added: readonly { readonly from: string; readonly to: string; readonly count: number }[];
  /** Static edges never seen in any trace (marked `observed: false`). */
  readonly unobserved: readonly { readonly from: string; readonly to: string }[];
  /** Static edges seen at least once. */
  readonly observed: number;
  /** Span names seen in traces that the config has no entry for (first 100). */
  readonly unknownSpans: readonly string[];
}

interface EdgeStats {
  count: number;
  parents: number;
  repeated: boolean;
}

/** Reads traces and returns the patched config and the drift report. Never throws for bad spans. */
export async function learn(
  config: AutoscopeConfig,
  traces: AsyncIterable<Trace> | Iterable<Trace>,
): Promise<{ config: AutoscopeConfig; drift: DriftReport }> {
  const seen = new Map<string, EdgeStats & { from: string; to: string }>();
  const parentCount = new Map<string, number>();
  const names = new Set<string>();
  let traceCount = 0;
  let spanCount = 0;
  for await (const trace of traces) {
    traceCount++;
    const tree = buildTraceTree(trace);
    spanCount += tree.spans.length;
    tree.spans.forEach((span, i) => {
      names.add(span.name);
      const kids = tree.children[i]!;
      if (kids.length === 0) return;
      parentCount.set(span.name, (parentCount.get(span.name) ?? 0) + 1);
      const perChild = new Map<string, number>();
      for (const k of kids) perChild.set(tree.spans[k]!.name, (perChild.get(tree.spans[k]!.name) ?? 0) + 1);
      for (const [to, n] of perChild) {
        const key = edgeKey(span.name, to);
        const s = seen.get(key) ?? { from: span.name, to, count: 0, parents: 0, repeated: false };
        s.count += n;
        s.parents++;
        s.repeated ||= n > 1;
        seen.set(key, s);
      }
    });
  }
  return patch(config, seen, parentCount, { traces: traceCount, spans: spanCount, names });
}

function patch(
  config: AutoscopeConfig,
  seen: Map<string, EdgeStats & { from: string; to: string }>,
  parentCount: Map<string, number>,
  totals: { traces: number; spans: number; names: Set<string> },
): { config: AutoscopeConfig; drift: DriftReport } {
  const staticEdges = (config.structure?.edges ?? []).filter((e) => e.origin !== 'traces');
  const known = new Set(staticEdges.map((e) => edgeKey(e.from, e.to)));
  const unobserved: { from: string; to: string }[] = [];
  const edges: StructureEdge[] = staticEdges.map((e) => {
    const observed = seen.has(edgeKey(e.from, e.to));
    if (!observed) unobserved.push({ from: e.from, to: e.to });
    return { ...e, observed };
  });
  const added: { from: string; to: string; count: number }[] = [];
  for (const [key, s] of [...seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (known.has(key)) continue;
    const kind: EdgeKind = s.repeated
      ? 'repeated'
      : s.parents === parentCount.get(s.from)
        ? 'mandatory'
        : 'conditional';
    edges.push({ from: s.from, to: s.to, kind, observed: true, origin: 'traces' });
    added.push({ from: s.from, to: s.to, count: s.count });
  }
  const unknownSpans = [...totals.names]
    .filter((n) => !Object.hasOwn(config.spans, n))
    .sort()
    .slice(0, 100);
  const structure = { dominantSets: [], ...config.structure, edges };
  const drift: DriftReport = {
    traces: totals.traces,
    spans: totals.spans,
    added,
    unobserved,
    observed: staticEdges.length - unobserved.length,
    unknownSpans,
  };
  return { config: { ...config, structure }, drift };
}
