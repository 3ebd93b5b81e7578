import { findAttribute, type Span } from '../model.js';
import { decodeShapeRows } from '../structure/shape-codec.js';
import type { ShapeDefinition } from '../structure/shape-dictionary.js';
import { hashString, labelOf, nodeHash } from '../structure/shape-hash.js';
import { buildTraceTree, type TraceTree } from '../trace-tree.js';
import { AutoscopeAttributes as A } from './attributes.js';
import { contextKey } from './residual-shapes.js';

const FOREST = 0x66726f73;

/**
 * The full shape hash of a trace: its forest of spans as unordered trees labelled by service and span
 * name. Two traces have the same hash exactly when they have the same shape (up to 52-bit collisions).
 */
export function traceShapeHash(tree: TraceTree): number {
  const full = new Float64Array(tree.spans.length);
  for (let o = tree.preorder.length - 1; o >= 0; o--) {
    const i = tree.preorder[o]!;
    const span = tree.spans[i]!;
    full[i] = nodeHash(
      hashString(labelOf(span.resource.serviceName, span.name)),
      tree.children[i]!.map((c) => full[c]!),
    );
  }
  return nodeHash(
    FOREST,
    tree.tops.map((t) => full[t]!),
  );
}

/**
 * Reads a sampled stream's shape definitions (`autoscope.shapes` attributes) in stream order, and
 * rebuilds full trace shapes from sampled traces. One reader per output stream.
 */
export class ShapeReader {
  private readonly definitions = new Map<number, ShapeDefinition>();
  private readonly labels = new Map<number, string>();
  /** `autoscope.shapes` values that could not be parsed. */
  invalid = 0;

  /** The shape definitions learned so far, by hash (read only: for tools that expand dropped regions). */
  get learned(): ReadonlyMap<number, ShapeDefinition> {
    return this.definitions;
  }

  /** Learns the definitions carried by these spans. Call for every output trace, in stream order. */
  learn(spans: readonly Span[]): void {
    for (const span of spans) {
      const value = findAttribute(span.attributes, A.SHAPES);
      if (value === undefined || !('stringValue' in value)) continue;
      const parsed = decodeShapeRows(value.stringValue, this.labels);
      if (parsed === undefined) this.invalid++;
      else for (const d of parsed) this.definitions.set(d.hash, d);
    }
  }

  /**
   * The full shape hash of the trace these sampled spans came from, rebuilt from the spans and the
   * definitions learned so far; `undefined` when a definition is missing or holes cannot be filled.
   */
  shapeOf(spans: readonly Span[]): number | undefined {
    if (spans.length === 0) return undefined;
    const tree = buildTraceTree({ traceId: spans[0]!.traceId, spans });
    const full = new Float64Array(tree.spans.length);
    for (let o = tree.preorder.length - 1; o >= 0; o--) {
      const i = tree.preorder[o]!;
      const hash = this.fullHashOf(tree, i, full);
      if (hash === undefined) return undefined;
      full[i] = hash;
    }
    return nodeHash(
      FOREST,
      tree.tops.map((t) => full[t]!),
    );
  }

  private fullHashOf(tree: TraceTree, i: number, full: Float64Array): number | undefined {
    const span = tree.spans[i]!;
    const kids = tree.children[i]!;
    const shape = findAttribute(span.attributes, A.SHAPE);
    const labelHash = hashString(labelOf(span.resource.serviceName, span.name));
    if (shape === undefined || !('intValue' in shape)) {
      return nodeHash(
        labelHash,
        kids.map((c) => full[c]!),
      );
    }
    const root = this.definitions.get(Number(shape.intValue));
    if (root === undefined || root.children === null) return undefined;
    const fillers = new HoleFillers(tree, kids, full);
    const holes = new Map<string, number[]>();
    if (!this.collectHoles(root, [], holes, true)) return undefined;
    for (const [label, contexts] of holes) fillers.declare(label, contexts);
    const hash = this.expand(root, [], fillers, true);
    return hash !== undefined && fillers.allUsed() ? hash : undefined;
  }

  /** Lists the context of every hole under a residual node; false when a definition is missing. */
  private collectHoles(
    node: ShapeDefinition,
    chain: number[],
    out: Map<string, number[]>,
    isRoot: boolean,
  ): boolean {
    if (node.children === null) {
      const list = out.get(node.label) ?? [];
      list.push(contextKey([...chain].reverse()));
      out.set(node.label, list);
      return true;
    }
    const inner = isRoot ? chain : [...chain, node.hash];
    for (const childHash of node.children) {
      const child = this.definitions.get(childHash);
      if (child === undefined || !this.collectHoles(child, inner, out, false)) return false;
    }
    return true;
  }

  /** Full hash of a residual node, filling holes with the kept children. `chain`: dropped ancestors' hashes. */
  private expand(
    node: ShapeDefinition,
    chain: number[],
    fillers: HoleFillers,
    isRoot: boolean,
  ): number | undefined {
    if (node.children === null) return fillers.take(node.label, contextKey([...chain].reverse()));
    const inner = isRoot ? chain : [...chain, node.hash];
    const hashes: number[] = [];
    for (const childHash of node.children) {
      const child = this.definitions.get(childHash);
      if (child === undefined) return undefined;
      const hash = this.expand(child, inner, fillers, false);
      if (hash === undefined) return undefined;
      hashes.push(hash);
    }
    return nodeHash(hashString(node.label), hashes);
  }
}

/** The kept children of one span, handed out to the holes of its residual shape by label and slot. */
class HoleFillers {
  private readonly byLabel = new Map<string, { index: number; slot: number | undefined }[]>();
  private readonly contexts = new Map<string, number[]>();
  private used = 0;
  private readonly total: number;
  private readonly full: Float64Array;

  constructor(tree: TraceTree, kids: readonly number[], full: Float64Array) {
    this.full = full;
    this.total = kids.length;
    for (const k of kids) {
      const span = tree.spans[k]!;
      const label = labelOf(span.resource.serviceName, span.name);
      const slot = findAttribute(span.attributes, A.SLOT);
      const entry = {
        index: k,
        slot: slot !== undefined && 'intValue' in slot ? Number(slot.intValue) : undefined,
      };
      const list = this.byLabel.get(label);
      if (list === undefined) this.byLabel.set(label, [entry]);
      else list.push(entry);
    }
  }

  /** Records the contexts of every hole first (slots number them in sorted order), then fills. */
  take(label: string, context: number): number | undefined {
    const list = this.byLabel.get(label);
    if (list === undefined || list.length === 0) return undefined;
    const known = this.contexts.get(label) ?? [];
    let pick = list.findIndex((e) => e.slot === undefined);
    if (list.some((e) => e.slot !== undefined)) {
      pick = list.findIndex((e) => e.slot !== undefined && known[e.slot] === context);
    }
    if (pick < 0) return undefined;
    const [entry] = list.splice(pick, 1);
    this.used++;
    return this.full[entry!.index]!;
  }

  /** Declares the sorted distinct hole contexts of a label (needed to interpret slot numbers). */
  declare(label: string, contexts: readonly number[]): void {
    this.contexts.set(
      label,
      [...new Set(contexts)].sort((a, b) => a - b),
    );
  }

  allUsed(): boolean {
    return this.used === this.total;
  }
}
