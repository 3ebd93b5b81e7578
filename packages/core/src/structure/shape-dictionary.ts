import { base36 } from './base36.js';
import { LabelHashCache } from './label-hash-cache.js';
import { splitLabel } from './shape-hash.js';

/**
 * One node shape: a label with the multiset of its children's shape hashes, or a hole (a kept span's place
 * inside a dropped region, `children === null`).
 */
export interface ShapeDefinition {
  readonly hash: number;
  readonly label: string;
  readonly children: readonly number[] | null;
}

/**
 * Remembers which shape definitions were already written to the output, so each is written once: a sampled
 * stream carries its own structure dictionary inline (attribute `autoscope.shapes` on the kept span that
 * first needs it), and a reader rebuilds every trace's full shape from the stream alone.
 *
 * Memory is bounded: past `maxEntries` the memory is cleared, and definitions are simply written again.
 */
export class ShapePublisher {
  private readonly published = new Set<number>();
  private readonly maxEntries: number;
  /** Times the memory was cleared because it was full. */
  resets = 0;
  /** Label hashes of the stream's spans, interned. */
  readonly labels = new LabelHashCache();
  /** Labels whose text the stream carries already (compact encoding), cleared with the definitions. */
  readonly labelRefs = new Set<number>();

  constructor(maxEntries = 200_000) {
    this.maxEntries = maxEntries;
  }

  /** True when the definition with this hash was published (and not forgotten since). */
  has(hash: number): boolean {
    return this.published.has(hash);
  }

  /** Marks a definition published and appends it to `out`. */
  publish(definition: ShapeDefinition, out: ShapeDefinition[]): void {
    if (this.published.size >= this.maxEntries) this.forget();
    this.published.add(definition.hash);
    out.push(definition);
  }

  /** Returns the definitions not yet published, in dependency order, and marks them published. */
  takeUnpublished(definitions: readonly ShapeDefinition[]): ShapeDefinition[] {
    const fresh: ShapeDefinition[] = [];
    for (const definition of definitions) {
      if (this.published.has(definition.hash)) continue;
      if (this.published.size >= this.maxEntries) this.forget();
      this.published.add(definition.hash);
      fresh.push(definition);
    }
    return fresh;
  }

  private forget(): void {
    this.published.clear();
    this.labelRefs.clear();
    this.resets++;
  }
}

/** Serialises definitions in the full form (no label references; `encodeShapeRows` is compact), for the `autoscope.shapes` attribute: `[[hash36, service, name, [[child36, n]...] | null], ...]`. */
export function encodeShapeDefinitions(definitions: readonly ShapeDefinition[]): string {
  const rows = definitions.map((d) => {
    const { service, name } = splitLabel(d.label);
    return [base36(d.hash), service, name, d.children === null ? null : countChildren(d.children)];
  });
  return JSON.stringify(rows);
}

function countChildren(children: readonly number[]): [string, number][] {
  const counts = new Map<number, number>();
  for (const child of children) counts.set(child, (counts.get(child) ?? 0) + 1);
  return [...counts].map(([hash, n]) => [base36(hash), n]);
}
