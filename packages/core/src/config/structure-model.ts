import type { AutoscopeConfig, DominantSpanSet, EdgeKind, StructureEdge } from './config-schema.js';
import { compileEdgeIndex, type RequiredGroup } from './edge-index.js';

/** The static (and learned) structure of a configuration in a lookup-friendly form. */
export interface StructureModel {
  /** False when the configuration carries no edges and no dominant sets. */
  readonly present: boolean;
  /** Every known edge as `from + "\u0000" + to` (see `edgeKey`). */
  readonly edges: ReadonlySet<string>;
  /** The kind of each known edge, by `edgeKey`; `mandatory` wins when an edge appears twice. */
  readonly edgeKinds: ReadonlyMap<string, EdgeKind>;
  /** Parent span name -> child span names that always follow it, in file order. */
  readonly mandatoryChildren: ReadonlyMap<string, readonly string[]>;
  /** Parent span name -> every child span name (any kind). */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Dominator span name -> the dominant span sets it heads. */
  readonly setsByDominator: ReadonlyMap<string, readonly DominantSpanSet[]>;
  /** Span name -> the dominant span sets that contain it (as dominator or member). */
  readonly setsBySpan: ReadonlyMap<string, readonly DominantSpanSet[]>;
  /** True when `from -> to` is a known edge; edge ends may be globs (`GET kv:*`). */
  hasEdge(from: string, to: string): boolean;
  /** The kind of `from -> to` (globs matched; `mandatory` wins over other matches), if it is known. */
  edgeKind(from: string, to: string): EdgeKind | undefined;
  /**
   * The mandatory children of a parent span name, one group per call site (edges with the same `from`
   * and `source`): a site whose span name is computed at run time lists every name it can produce.
   */
  requiredGroups(parent: string): readonly RequiredGroup[];
  /** Whether a span name is a member of a dominant set headed by `dominator`; undefined when none is. */
  setMembers(dominator: string): ((name: string) => boolean) | undefined;
}

/** The key of an edge in `StructureModel.edges`. */
export function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Builds the structure model of a configuration. Edges marked `observed: false` are still known. */
export function structureModelOf(config: AutoscopeConfig): StructureModel {
  const edges = config.structure?.edges ?? [];
  const sets = config.structure?.dominantSets ?? [];
  const edgeKinds = new Map<string, EdgeKind>();
  const mandatoryChildren = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of edges) addEdge(e, edgeKinds, mandatoryChildren, children);
  const setsByDominator = new Map<string, DominantSpanSet[]>();
  const setsBySpan = new Map<string, DominantSpanSet[]>();
  for (const set of sets) {
    push(setsByDominator, set.dominator, set);
    push(setsBySpan, set.dominator, set);
    for (const m of set.members) push(setsBySpan, m, set);
  }
  const keys = new Set(edgeKinds.keys());
  const index = compileEdgeIndex(edges, sets, edgeKinds);
  return {
    present: edges.length > 0 || sets.length > 0,
    edges: keys,
    edgeKinds,
    mandatoryChildren,
    children,
    setsByDominator,
    setsBySpan,
    hasEdge: (from, to) => index.kindOf(from, to) !== undefined,
    edgeKind: index.kindOf,
    requiredGroups: index.requiredGroups,
    setMembers: index.setMembers,
  };
}

function addEdge(
  e: StructureEdge,
  kinds: Map<string, EdgeKind>,
  mandatory: Map<string, string[]>,
  children: Map<string, string[]>,
): void {
  const key = edgeKey(e.from, e.to);
  const before = kinds.get(key);
  if (before !== 'mandatory')
    kinds.set(key, before === undefined || e.kind === 'mandatory' ? e.kind : before);
  push(children, e.from, e.to);
  if (e.kind === 'mandatory') push(mandatory, e.from, e.to);
}
