import { innerMap } from '../inner-map.js';
import type { Resource } from '../model.js';
import type { TraceTree } from '../trace-tree.js';
import { hashString, labelOf } from './shape-hash.js';

/**
 * Label hashes (service and span name) interned per resource, so a trace's labels cost two map reads per
 * span (one when the resource is the previous span's) instead of building and hashing a string. Bounded:
 * past `maxLabels` it is cleared, and hashes are computed again.
 */
export class LabelHashCache {
  private byResource = new WeakMap<Resource, Map<string, number>>();
  private count = 0;
  private readonly maxLabels: number;

  constructor(maxLabels = 200_000) {
    this.maxLabels = maxLabels;
  }

  /** The label hash of every span of a tree, aligned with `tree.spans`. */
  of(tree: TraceTree): Float64Array {
    const hashes = new Float64Array(tree.spans.length);
    let lastResource: Resource | undefined;
    let names: Map<string, number> | undefined;
    for (let i = 0; i < tree.spans.length; i++) {
      const span = tree.spans[i]!;
      if (span.resource !== lastResource || names === undefined) {
        lastResource = span.resource;
        names = innerMap(this.byResource, span.resource);
      }
      let hash = names.get(span.name);
      if (hash === undefined) {
        hash = hashString(labelOf(span.resource.serviceName, span.name));
        if (++this.count > this.maxLabels) this.clear();
        names.set(span.name, hash);
      }
      hashes[i] = hash;
    }
    return hashes;
  }

  private clear(): void {
    this.byResource = new WeakMap();
    this.count = 0;
  }
}
