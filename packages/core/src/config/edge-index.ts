import type { DominantSpanSet, EdgeKind, StructureEdge } from './config-schema.js';
import { isGlob, nameMatcher } from './glob.js';

/** Mandatory children of one call site: one of `names` always comes with the parent. */
export interface RequiredGroup {
  /** The names (or globs) the call site can produce; a site with a computed name has several. */
  readonly names: readonly string[];
  /** True when `name` is one of `names` (globs matched). */
  matches(name: string): boolean;
}

/** Glob-aware lookups over a structure model's edges and dominant sets, each result cached. */
export interface EdgeIndex {
  kindOf(from: string, to: string): EdgeKind | undefined;
  requiredGroups(parent: string): readonly RequiredGroup[];
  setMembers(dominator: string): ((name: string) => boolean) | undefined;
}

interface GlobEdge {
  readonly from: (name: string) => boolean;
  readonly to: (name: string) => boolean;
  readonly kind: EdgeKind;
}

interface Compiled<E> {
  readonly edge: E;
  readonly from: (name: string) => boolean;
}

const CACHE_LIMIT = 8192;
const NONE = () => false;

/**
 * Compiles the edges and sets once: exact names are map lookups, edges and sets with a glob end are
 * matched with `nameMatcher` (as span rules are). Every answer is cached per name (pair), bounded.
 */
export function compileEdgeIndex(
  edges: readonly StructureEdge[],
  sets: readonly DominantSpanSet[],
  exactKinds: ReadonlyMap<string, EdgeKind>,
): EdgeIndex {
  const globEdges: GlobEdge[] = [];
  for (const e of edges) {
    if (isGlob(e.from) || isGlob(e.to))
      globEdges.push({ from: nameMatcher(e.from), to: nameMatcher(e.to), kind: e.kind });
  }
  const kinds = cachedPairs((from: string, to: string) => kindOf(from, to, exactKinds, globEdges));
  const mandatory = edges
    .filter((e) => e.kind === 'mandatory')
    .map((edge) => ({ edge, from: nameMatcher(edge.from) }));
  const dominated = sets.map((set) => ({ set, dominator: nameMatcher(set.dominator) }));
  const groups = cached((parent: string) => requiredGroupsOf(parent, mandatory));
  const members = cached((dominator: string) => setMembersOf(dominator, dominated));
  return {
    kindOf: kinds,
    requiredGroups: groups,
    setMembers: (dominator) => {
      const match = members(dominator);
      return match === NONE ? undefined : match;
    },
  };
}

function cached<V>(compute: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/**
 * `compute` cached per (from, to) in a map of maps: a hit is two lookups on the callers' own strings (no
 * key string built per call). Bounded: past `CACHE_LIMIT` pairs the cache starts over.
 */
function cachedPairs<V>(compute: (from: string, to: string) => V): (from: string, to: string) => V {
  const cache = new Map<string, Map<string, V>>();
  let size = 0;
  return (from, to) => {
    let byTo = cache.get(from);
    if (byTo === undefined) {
      byTo = new Map();
      cache.set(from, byTo);
    } else if (byTo.has(to)) return byTo.get(to) as V;
    const value = compute(from, to);
    if (++size > CACHE_LIMIT) {
      cache.clear();
      size = 1;
      byTo = new Map();
      cache.set(from, byTo);
    }
    byTo.set(to, value);
    return value;
  };
}

function kindOf(
  from: string,
  to: string,
  exact: ReadonlyMap<string, EdgeKind>,
  globEdges: readonly GlobEdge[],
): EdgeKind | undefined {
  let kind = exact.get(`${from}\u0000${to}`);
  if (kind === 'mandatory' || globEdges.length === 0) return kind;
  for (const g of globEdges) {
    if (!g.from(from) || !g.to(to)) continue;
    if (g.kind === 'mandatory') return 'mandatory';
    kind ??= g.kind;
  }
  return kind;
}

/** Mandatory edges out of `parent`, grouped by call site (`source`, else the child name). */
function requiredGroupsOf(parent: string, mandatory: readonly Compiled<StructureEdge>[]): RequiredGroup[] {
  const bySite = new Map<string, string[]>();
  for (const { edge: e, from } of mandatory) {
    if (!from(parent)) continue;
    const site = `${e.from}\u0000${e.source ?? e.to}`;
    const names = bySite.get(site);
    if (names === undefined) bySite.set(site, [e.to]);
    else if (!names.includes(e.to)) names.push(e.to);
  }
  return [...bySite.values()].map((names) => ({ names, matches: anyOf(names) }));
}

function setMembersOf(
  name: string,
  sets: readonly { readonly set: DominantSpanSet; readonly dominator: (name: string) => boolean }[],
): (name: string) => boolean {
  const names: string[] = [];
  for (const { set, dominator } of sets) {
    if (!dominator(name)) continue;
    for (const m of set.members) if (!names.includes(m)) names.push(m);
  }
  return names.length === 0 ? NONE : anyOf(names);
}

function anyOf(names: readonly string[]): (name: string) => boolean {
  const exact = new Set(names.filter((n) => !isGlob(n)));
  const globs = names.filter(isGlob).map(nameMatcher);
  if (globs.length === 0) return (name) => exact.has(name);
  return (name) => exact.has(name) || globs.some((g) => g(name));
}
