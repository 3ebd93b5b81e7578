import type { ShapeDefinition, ShapePublisher } from '../structure/shape-dictionary.js';
import { holeHash, labelOf, nodeHash } from '../structure/shape-hash.js';
import type { TraceTree } from '../trace-tree.js';
import { fillPrefix, ReusedFloat64 } from './reused-arrays.js';

/**
 * The shapes of the dropped regions of a trace. For each kept span A with dropped children, `shape[A]` is
 * the hash of A's residual tree: A, its dropped descendants, and a hole for each first kept descendant.
 * `freshDefinitions` lists the nodes of such a tree that a stream has not carried yet, children first,
 * so a reader that knows them can rebuild the full tree shape.
 */
export interface ResidualShapes {
  /** Residual hash of each kept span with dropped children, else -1. */
  readonly shape: Float64Array;
  /** For each kept span with a parent: its hole's context key (see `fillHoleContexts`), else -1. */
  readonly holeContext: Float64Array;
  /** The hash standing for each span inside its kept ancestor's residual (a hole hash for kept spans). */
  readonly residual: Float64Array;
  /** Label hash of each span. */
  readonly labels: Float64Array;
}

const reusedResidual = new ReusedFloat64();
const reusedShape = new ReusedFloat64();
const reusedHoleContext = new ReusedFloat64();

/**
 * Computes residual shapes for a keep mask; `labels` are the spans' label hashes. O(spans). The answer
 * and its arrays are reused by the next call (see `reused-arrays.ts`): read them before calling again. Only the first
 * `tree.spans.length` elements are meaningful.
 */
export function residualShapes(tree: TraceTree, kept: Uint8Array, labels: Float64Array): ResidualShapes {
  const n = tree.spans.length;
  const residual = reusedResidual.take(n);
  const shape = fillPrefix(reusedShape.take(n), -1, n);
  const holeContext = fillPrefix(reusedHoleContext.take(n), -1, n);
  for (let o = tree.preorder.length - 1; o >= 0; o--) {
    const i = tree.preorder[o]!;
    const kids = tree.children[i]!;
    if (kept[i] === 1) {
      residual[i] = holeHash(labels[i]!);
      if (anyDropped(kids, kept)) shape[i] = nodeHash(labels[i]!, childHashes(kids, residual));
    } else residual[i] = nodeHash(labels[i]!, childHashes(kids, residual));
  }
  fillHoleContexts(tree, kept, residual, holeContext);
  const answer = reusedAnswer;
  answer.shape = shape;
  answer.holeContext = holeContext;
  answer.residual = residual;
  answer.labels = labels;
  return answer;
}

/** The answer of `residualShapes`, reused like its arrays (no object per trace). */
const reusedAnswer: { -readonly [K in keyof ResidualShapes]: ResidualShapes[K] } = {
  shape: new Float64Array(0),
  holeContext: new Float64Array(0),
  residual: new Float64Array(0),
  labels: new Float64Array(0),
};

function anyDropped(kids: readonly number[], kept: Uint8Array): boolean {
  for (let k = 0; k < kids.length; k++) if (kept[kids[k]!] !== 1) return true;
  return false;
}

const NO_CHILDREN: readonly number[] = Object.freeze([]);
/** `freshDefinitions` when there is none: shared, frozen. */
const NO_DEFINITIONS: readonly ShapeDefinition[] = Object.freeze([]);

/** Reused arrays of child hashes by length (`nodeHash` only reads and sorts them): no array per span. */
const SCRATCH_LENGTHS = 64;
const scratch: number[][] = Array.from({ length: SCRATCH_LENGTHS }, (_, n) => new Array<number>(n).fill(0));

/** The residual hashes of `kids`, in a reused array when there are few. */
function childHashes(kids: readonly number[], residual: Float64Array): number[] {
  const out = kids.length < SCRATCH_LENGTHS ? scratch[kids.length]! : new Array<number>(kids.length);
  for (let k = 0; k < kids.length; k++) out[k] = residual[kids[k]!]!;
  return out;
}

/**
 * The definitions of kept span `i`'s residual tree not yet published on the stream, children before
 * parents, each marked published. A published node's subtree was published with it, so it is not walked.
 */
export function freshDefinitions(
  tree: TraceTree,
  kept: Uint8Array,
  shapes: ResidualShapes,
  i: number,
  publisher: ShapePublisher,
): readonly ShapeDefinition[] {
  const root = shapes.shape[i]!;
  // Nearly always published already (a service repeats a few shapes): no list for that.
  if (root < 0 || publisher.has(root)) return NO_DEFINITIONS;
  const out: ShapeDefinition[] = [];
  const kids = tree.children[i]!;
  for (let k = 0; k < kids.length; k++) collect(tree, kept, shapes, kids[k]!, publisher, out);
  publisher.publish(definitionOf(tree, shapes, i, root, false), out);
  return out;
}

function collect(
  tree: TraceTree,
  kept: Uint8Array,
  shapes: ResidualShapes,
  i: number,
  publisher: ShapePublisher,
  out: ShapeDefinition[],
): void {
  const hash = shapes.residual[i]!;
  if (publisher.has(hash)) return;
  const hole = kept[i] === 1;
  const kids = hole ? NO_CHILDREN : tree.children[i]!;
  for (let k = 0; k < kids.length; k++) collect(tree, kept, shapes, kids[k]!, publisher, out);
  publisher.publish(definitionOf(tree, shapes, i, hash, hole), out);
}

function definitionOf(
  tree: TraceTree,
  shapes: ResidualShapes,
  i: number,
  hash: number,
  hole: boolean,
): ShapeDefinition {
  const span = tree.spans[i]!;
  const label = labelOf(span.resource.serviceName, span.name);
  const children = hole ? null : tree.children[i]!.map((c) => shapes.residual[c]!);
  return { hash, label, children };
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
    // contextKey of the chain, folded as it is walked (no chain array).
    let key = CONTEXT_SEED;
    while (p >= 0 && kept[p] !== 1) {
      key = chainStep(key, residual[p]!);
      p = tree.parent[p]!;
    }
    out[i] = key;
  }
}

const CONTEXT_SEED = 0x636f6e74;
/** `nodeHash`'s one-element child list, reused (it only reads and sorts it). */
const oneChild: number[] = [0];

function chainStep(key: number, hash: number): number {
  oneChild[0] = hash;
  return nodeHash(key, oneChild);
}

/** Key of a chain of residual hashes, ordered from the hole's parent upwards. */
export function contextKey(chain: readonly number[]): number {
  let key = CONTEXT_SEED;
  for (let k = 0; k < chain.length; k++) key = chainStep(key, chain[k]!);
  return key;
}
