import {
  AutoscopeAttributes as A,
  findAttribute,
  PLACEHOLDER_SCOPE_NAME,
  type ShapeDefinition,
  ShapeReader,
  type Span,
} from '@autoscope/core';
import { type TraceShape, TraceShapeBuilder } from '../rca/trace-shape.js';

/** Most dropped spans one trace's shape may expand to (a hostile dictionary cannot blow up memory). */
const MAX_EXPANDED = 1_000_000;
/** Deepest nesting of dropped regions followed (a cycle in hostile definitions ends here). */
const MAX_DEPTH = 512;

/**
 * One sampled output stream's shape records, read once in stream order: a `ShapeReader` learns the
 * `autoscope.shapes` definitions (for structure integrity), and the same definitions expand each trace's
 * `autoscope.shape` records into the services and operations of its dropped spans (for RCA). Works for any
 * sampler whose output carries shape records, and for skeleton outputs (placeholders keep service and
 * name); outputs without either give no shape.
 */
export class RebuiltShapes {
  /** The stream's reader: learn and rebuild full shape hashes with it. */
  readonly reader = new ShapeReader();
  /** Traces whose shape records could not be expanded (a definition missing, or past the limits). */
  unresolved = 0;

  /** Learns the definitions these output spans carry. Call for every output trace, in stream order. */
  learn(spans: readonly Span[]): void {
    this.reader.learn(spans);
  }

  /**
   * Every span of the original trace by service and name, rebuilt from this output trace and the
   * definitions learned so far; `undefined` when the output carries no shape records (nothing to rebuild
   * beyond the kept spans) or they cannot be expanded. Never throws.
   */
  shapeOf(spans: readonly Span[]): TraceShape | undefined {
    const roots: number[] = [];
    let placeholders = false;
    for (const span of spans) {
      if (span.scope.name === PLACEHOLDER_SCOPE_NAME) placeholders = true;
      const shape = findAttribute(span.attributes, A.SHAPE);
      if (shape !== undefined && 'intValue' in shape) roots.push(Number(shape.intValue));
    }
    if (roots.length === 0 && !placeholders) return undefined;
    const builder = new TraceShapeBuilder();
    for (const span of spans) builder.add(span.resource.serviceName, span.name);
    const expansion = new Expansion(this.reader.learned, builder);
    for (const root of roots) {
      if (!expansion.dropped(root)) {
        this.unresolved++;
        return undefined;
      }
    }
    return builder.build();
  }
}

/** Adds the dropped spans of residual shapes to a builder: every non-hole node below each root. */
class Expansion {
  private expanded = 0;

  constructor(
    private readonly definitions: ReadonlyMap<number, ShapeDefinition>,
    private readonly builder: TraceShapeBuilder,
  ) {}

  /** The dropped spans under one kept span's residual shape; false when it cannot be expanded. */
  dropped(rootHash: number): boolean {
    const root = this.definitions.get(rootHash);
    if (root === undefined || root.children === null) return false;
    return this.children(root, 0);
  }

  private children(node: ShapeDefinition, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    for (const hash of node.children ?? []) {
      const child = this.definitions.get(hash);
      if (child === undefined) return false;
      if (child.children === null) continue;
      if (++this.expanded > MAX_EXPANDED) return false;
      const cut = child.label.indexOf('\u0000');
      const service = cut < 0 ? '' : child.label.slice(0, cut);
      this.builder.add(service, cut < 0 ? child.label : child.label.slice(cut + 1));
      if (!this.children(child, depth + 1)) return false;
    }
    return true;
  }
}
