import type { ShapeDefinition } from '../structure/shape-dictionary.js';
import { hashString, holeHash, labelOf, nodeHash } from '../structure/shape-hash.js';
import type { TraceTree } from '../trace-tree.js';

/**
 * The shapes of the dropped regions of a trace. For each kept span A with dropped children, `shape[A]` is
 * the hash of A's residual tree: A, its dropped descendants, and a hole for each first kept descendant.
 * `definitions` holds every node of those trees (dropped nodes, holes, and A's own residual node), children
 * before parents, so a reader that knows them can rebuild the full tree shape.
 */
export interface ResidualShapes {
  /** Residual hash of each kept span with dropped children, else -1. */
  readonly shape: Float64Array;
  /** For each kept span with a parent: its hole's context key (see `fillHoleContexts`), else -1. */
  readonly holeContext: Float64Array;
  /** Definitions reachable from each kept span's residual, children first. */
  readonly definitionsOf: ReadonlyMap<number, readonly ShapeDefinition[]>;
}

/** The label hash of every span (service and name), computed once per trace. */
export function labelHashes(tree: TraceTree): Float64Array {
  const hashes = new Float64Array(tree.spans.length);
  for (let i = 0; i < tree.spans.length; i++) {
    const span = tree.spans[i]!;
    hashes[i] = hashString(labelOf(span.resource.serviceName, span.name));
  }
  return hashes;
}

/** Computes residual shapes for a keep mask. Every span index of `tree` is visited once. */
export function residualShapes(tree: TraceTree, kept: Uint8Array, labels: Float64Array): ResidualShapes {
  const n = tree.spans.length;
  const residual = new Float64Array(n); // hash standing for span i inside its kept ancestor's residual
  const inner = new Float64Array(n); // node hash of span i over its children's residual hashes
  const shape = new Float64Array(n).fill(-1);
  const holeContext = new Float64Array(n).fill(-1);
  const local = new Map<number, ShapeDefinition>();
  for (let o = tree.preorder.length - 1; o >= 0; o--) {
    const i = tree.preorder[o]!;
    const kids = tree.children[i]!;
    const childHashes = kids.map((c) => residual[c]!);
    inner[i] = nodeHash(labels[i]!, childHashes.slice());
    const label = labelOf(tree.spans[i]!.resource.serviceName, tree.spans[i]!.name);
    if (kept[i] === 1) {
      residual[i] = holeHash(labels[i]!);
      if (kids.some((c) => kept[c] !== 1)) {
        shape[i] = inner[i]!;
        local.set(inner[i]!, { hash: inner[i]!, label, children: childHashes });
      }
      if (tree.parent[i]! >= 0) local.set(residual[i]!, { hash: residual[i]!, label, children: null });
    } else {
      residual[i] = inner[i]!;
      local.set(inner[i]!, { hash: inner[i]!, label, children: childHashes });
    }
  }
  fillHoleContexts(tree, kept, residual, holeContext);
  return { shape, holeContext, definitionsOf: reachableDefinitions(shape, local) };
}

/**
 * A kept span whose parent was dropped sits in a hole; its context is the chain of residual hashes of the
 * dropped ancestors up to the nearest kept one. Holes with the same label and the same context are
 * interchangeable; a reader needs a slot number only to tell apart holes of one label in different contexts.
 */
function fillHoleContexts(
  tree: TraceTree,
  kept: Uint8Array,
  residual: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < tree.spans.length; i++) {
    let p = tree.parent[i]!;
    if (kept[i] !== 1 || p < 0) continue;
    const chain: number[] = [];
    while (p >= 0 && kept[p] !== 1) {
      chain.push(residual[p]!);
      p = tree.parent[p]!;
    }
    out[i] = contextKey(chain);
  }
}

/** Key of a chain of residual hashes, ordered from the hole's parent upwards. */
export function contextKey(chain: readonly number[]): number {
  let key = 0x636f6e74;
  for (const hash of chain) key = nodeHash(key, [hash]);
  return key;
}

function reachableDefinitions(
  shape: Float64Array,
  local: ReadonlyMap<number, ShapeDefinition>,
): Map<number, ShapeDefinition[]> {
  const out = new Map<number, ShapeDefinition[]>();
  for (let i = 0; i < shape.length; i++) {
    if (shape[i]! < 0) continue;
    const ordered: ShapeDefinition[] = [];
    collect(shape[i]!, local, new Set(), ordered);
    out.set(i, ordered);
  }
  return out;
}

function collect(
  hash: number,
  local: ReadonlyMap<number, ShapeDefinition>,
  seen: Set<number>,
  out: ShapeDefinition[],
) {
  if (seen.has(hash)) return;
  seen.add(hash);
  const definition = local.get(hash);
  if (definition === undefined) return;
  for (const child of definition.children ?? []) collect(child, local, seen, out);
  out.push(definition);
}
