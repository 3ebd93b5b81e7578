/** Turns analysed functions into the `spans` and `structure` sections of a configuration. */
import type {
  CallSiteBlock,
  DominantSpanSet,
  EdgeKind,
  FunctionGraph,
  SpanConfig,
  StructureConfig,
  StructureEdge,
} from '@autoscope/core';
import { dominantSetsOf } from './dominant-sets.js';
import { type ImportanceWeights, importanceOf } from './importance.js';
import type { CallSiteIR, FunctionIR } from './model.js';

/** What assembly needs besides the functions. */
export interface AssembleOptions {
  readonly threshold: number;
  readonly weights: ImportanceWeights;
  readonly service?: string;
}

/** The computed part of a configuration. */
export interface Assembled {
  readonly spans: Record<string, SpanConfig>;
  readonly structure: StructureConfig;
}

const STRENGTH: Record<EdgeKind, number> = { conditional: 0, repeated: 1, mandatory: 2 };

/** Builds spans, edges, dominant sets and function graphs; output order is deterministic. */
export function assemble(functions: readonly FunctionIR[], o: AssembleOptions): Assembled {
  const sorted = [...functions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map(sorted.map((f) => [f.id, f]));
  const namesOf = (c: CallSiteIR): readonly string[] =>
    c.target.kind === 'external' ? [c.target.span] : namesOfFunction(byId.get(c.target.id), c.target.id);
  const spanOf = (c: CallSiteIR) => namesOf(c)[0]!;
  const spans = new Map<string, SpanConfig>();
  const edges = new Map<string, StructureEdge>();
  const dominantSets: DominantSpanSet[] = [];
  const service = o.service === undefined ? {} : { service: o.service };
  for (const fn of sorted) {
    const { score, reasons } = importanceOf(fn, o.weights);
    const from = namesOfFunction(fn, fn.id);
    for (const name of from)
      addSpan(spans, name, score, reasons, o.threshold, { source: fn.source, ...service });
    const add = (to: readonly string[], kind: EdgeKind, source: string) => {
      for (const f of from)
        for (const t of to) addEdge(edges, { from: f, to: t, kind, ...service, source, origin: 'static' });
    };
    for (const block of fn.graph.blocks) {
      for (const call of block.calls) {
        if (call.target.kind === 'external')
          addSpan(spans, call.target.span, o.weights.externalCalls, ['external_calls'], o.threshold, service);
        add(namesOf(call), block.kind, call.source);
      }
    }
    if (fn.origin !== 'method')
      for (const reached of spansReached(fn, byId))
        add(namesOf(reached.call), reached.kind, reached.call.source);
    dominantSets.push(...dominantSetsOf(fn, spanOf).map((s) => ({ ...s, ...service })));
  }
  const functionsOut = sorted.map((fn) => functionGraph(fn, spanOf, o.service));
  return {
    spans: Object.fromEntries([...spans].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    structure: { edges: [...edges.values()], dominantSets, functions: functionsOut },
  };
}

function namesOfFunction(fn: FunctionIR | undefined, id: string): readonly string[] {
  return fn === undefined ? [id] : (fn.names ?? [fn.span]);
}

/** A span-producing call reached from a span's function, and the weakest kind on the way. */
interface ReachedSpan {
  readonly call: CallSiteIR;
  readonly kind: EdgeKind;
}

const KIND_OF_STRENGTH: readonly EdgeKind[] = ['conditional', 'repeated', 'mandatory'];

/**
 * The spans a span's function starts through plain functions (origin `method`, which show up in
 * traces only under method-level instrumentation): a route handler calling `repo.find()` calling
 * `startActiveSpan('SELECT users')` has `SELECT users` as a child span in a trace, so that is an edge
 * too. Each call reached is kept with the weakest kind on its path (the strongest path wins).
 */
function spansReached(fn: FunctionIR, byId: ReadonlyMap<string, FunctionIR>): ReachedSpan[] {
  const best = new Map<CallSiteIR, number>();
  const visited = new Map<string, number>([[fn.id, 2]]);
  const stack: { fn: FunctionIR; strength: number }[] = [{ fn, strength: 2 }];
  while (stack.length > 0) {
    const { fn: at, strength } = stack.pop()!;
    for (const block of at.graph.blocks) {
      const s = Math.min(strength, STRENGTH[block.kind]);
      for (const call of block.calls) {
        const callee = call.target.kind === 'function' ? byId.get(call.target.id) : undefined;
        if (at !== fn && (callee === undefined || callee.origin !== 'method')) {
          if ((best.get(call) ?? -1) < s) best.set(call, s);
        } else if (callee !== undefined && callee.origin === 'method' && (visited.get(callee.id) ?? -1) < s) {
          visited.set(callee.id, s);
          stack.push({ fn: callee, strength: s });
        }
      }
    }
  }
  return [...best].map(([call, s]) => ({ call, kind: KIND_OF_STRENGTH[s]! }));
}

function addSpan(
  spans: Map<string, SpanConfig>,
  name: string,
  score: number,
  reasons: readonly string[],
  threshold: number,
  extra: { source?: string; service?: string },
): void {
  const before = spans.get(name);
  const before_p = typeof before?.priority === 'number' ? before.priority : -1;
  const merged = [...new Set([...(before?.reason?.split(', ') ?? []), ...reasons])].filter(
    (r) => r !== 'default',
  );
  const priority = Math.max(before_p, score);
  const sample = priority >= threshold;
  const reason = merged.length > 0 ? merged.join(', ') : sample ? 'default' : undefined;
  spans.set(name, {
    sample,
    priority,
    ...(reason === undefined ? {} : { reason }),
    ...((before?.service ?? extra.service) ? { service: (before?.service ?? extra.service)! } : {}),
    ...((before?.source ?? extra.source) ? { source: (before?.source ?? extra.source)! } : {}),
  });
}

function addEdge(edges: Map<string, StructureEdge>, edge: StructureEdge): void {
  const key = `${edge.from}\u0000${edge.to}`;
  const before = edges.get(key);
  if (before === undefined || STRENGTH[edge.kind] > STRENGTH[before.kind]) edges.set(key, edge);
}

function functionGraph(fn: FunctionIR, spanOf: (c: CallSiteIR) => string, service?: string): FunctionGraph {
  const blocks: CallSiteBlock[] = fn.graph.blocks.map((b) => ({
    id: b.id,
    kind: b.kind,
    calls: b.calls.map((c) => ({
      callee: c.target.kind === 'function' ? c.target.id : c.target.span,
      span: spanOf(c),
      source: c.source,
      ...(c.target.kind === 'external' ? { external: c.target.external } : {}),
    })),
    next: [...b.next].sort((x, y) => x - y),
    ...(b.next.size > 1 ? { branch: true } : {}),
    ...(b.loop ? { loop: true } : {}),
    ...(b.handler ? { handler: true } : {}),
  }));
  return {
    id: fn.id,
    span: fn.span,
    source: fn.source,
    ...(service === undefined ? {} : { service }),
    entry: [...fn.graph.entry].sort((x, y) => x - y),
    blocks,
  };
}
