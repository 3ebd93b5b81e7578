import {
  AutoscopeAttributes as A,
  digestKey,
  digestKeyOrder,
  findAttribute,
  PLACEHOLDER_SCOPE_NAME,
  type ShapeDefinition,
  ShapeReader,
  type Span,
  splitLabel,
  timingNanos,
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
  /** Timing digests that did not match their residual shape (wrong length) and were ignored. */
  badTimings = 0;

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
    const roots: { hash: number; span: Span }[] = [];
    let placeholders = false;
    for (const span of spans) {
      if (span.scope.name === PLACEHOLDER_SCOPE_NAME) placeholders = true;
      const shape = findAttribute(span.attributes, A.SHAPE);
      if (shape !== undefined && 'intValue' in shape) roots.push({ hash: Number(shape.intValue), span });
    }
    if (roots.length === 0 && !placeholders) return undefined;
    const builder = new TraceShapeBuilder();
    for (const span of spans) builder.add(span.resource.serviceName, span.name);
    const expansion = new Expansion(this.reader.learned, builder);
    for (const { hash, span } of roots) {
      const nodes: DroppedNode[] = [];
      if (!expansion.dropped(hash, nodes)) {
        this.unresolved++;
        return undefined;
      }
      const digest = findAttribute(span.attributes, A.TIMING);
      if (
        digest !== undefined &&
        'bytesValue' in digest &&
        !this.addTiming(builder, span, hash, nodes, digest.bytesValue)
      )
        this.badTimings++;
    }
    return builder.build();
  }

  /** Reads one kept span's timing digest against its expanded region; false when they do not match. */
  private addTiming(
    builder: TraceShapeBuilder,
    span: Span,
    rootHash: number,
    nodes: readonly DroppedNode[],
    digest: Uint8Array,
  ): boolean {
    const order = digestKeyOrder(
      nodes.map((node) => digestKey(...labelParts(node.label), node.callee ?? '')),
    );
    if (digest.length !== order.length + 1) return false;
    const values = new Map(order.map((label, k) => [label, digest[k + 1]!]));
    builder.addKeptTiming(span.spanId, {
      selfNanos: timingNanos(digest[0]!),
      callee: calleeOf(this.reader.learned, rootHash, span.resource.serviceName),
    });
    for (const node of nodes) {
      const { service, name } = splitLabel(node.label);
      builder.addDroppedTiming({
        service,
        name,
        callee: node.callee,
        selfNanos: timingNanos(values.get(digestKey(...labelParts(node.label), node.callee ?? ''))!),
      });
    }
    return true;
  }
}

function labelParts(label: string): [string, string] {
  const { service, name } = splitLabel(label);
  return [service, name];
}

/** A dropped span of an expanded residual shape. */
interface DroppedNode {
  readonly label: string;
  readonly callee: string | undefined;
}

/** The service of a shape node's only child when it differs from `service` (the node is then a call). */
function calleeOf(
  definitions: ReadonlyMap<number, ShapeDefinition>,
  hash: number,
  service: string,
): string | undefined {
  const children = definitions.get(hash)?.children;
  if (children?.length !== 1) return undefined;
  const child = definitions.get(children[0]!);
  if (child === undefined) return undefined;
  const childService = splitLabel(child.label).service;
  return childService === service ? undefined : childService;
}

/** Adds the dropped spans of residual shapes to a builder: every non-hole node below each root. */
class Expansion {
  private expanded = 0;

  constructor(
    private readonly definitions: ReadonlyMap<number, ShapeDefinition>,
    private readonly builder: TraceShapeBuilder,
  ) {}

  /**
   * The dropped spans under one kept span's residual shape, added to the builder and to `nodes`; false when
   * it cannot be expanded.
   */
  dropped(rootHash: number, nodes: DroppedNode[]): boolean {
    const root = this.definitions.get(rootHash);
    if (root === undefined || root.children === null) return false;
    return this.children(root, 0, nodes);
  }

  private children(node: ShapeDefinition, depth: number, nodes: DroppedNode[]): boolean {
    if (depth > MAX_DEPTH) return false;
    for (const hash of node.children ?? []) {
      const child = this.definitions.get(hash);
      if (child === undefined) return false;
      if (child.children === null) continue;
      if (++this.expanded > MAX_EXPANDED) return false;
      const { service, name } = splitLabel(child.label);
      this.builder.add(service, name);
      nodes.push({ label: child.label, callee: calleeOf(this.definitions, hash, service) });
      if (!this.children(child, depth + 1, nodes)) return false;
    }
    return true;
  }
}
