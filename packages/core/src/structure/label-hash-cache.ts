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
  /** The resource of the last span hashed and its names (kept from trace to trace). */
  private lastResource: Resource | undefined;
  private lastNames: Map<string, number> | undefined;
  /** Hashes of labels whose service or span name holds U+0000, the separator `labelOf` joins them with. */
  private readonly ambiguousHashes = new Set<number>();
  /**
   * True when the last `fill` met a label holding U+0000: two different (service, name) pairs of such
   * labels can share one hash, so a caller that derives per-label facts from hashes alone must not.
   */
  lastAmbiguous = false;

  constructor(maxLabels = 200_000) {
    this.maxLabels = maxLabels;
  }

  /** The label hash of every span of a tree, aligned with `tree.spans`. */
  of(tree: TraceTree): Float64Array {
    return this.fill(tree, new Float64Array(tree.spans.length));
  }

  /**
   * `of` written into `out` (at least `tree.spans.length` elements; the rest untouched), for a caller
   * that reuses one array from trace to trace. Returns `out`.
   */
  fill(tree: TraceTree, out: Float64Array): Float64Array {
    let lastResource = this.lastResource;
    let names = this.lastNames;
    const ambiguousHashes = this.ambiguousHashes;
    let ambiguous = false;
    for (let i = 0; i < tree.spans.length; i++) {
      const span = tree.spans[i]!;
      if (span.resource !== lastResource || names === undefined) {
        lastResource = span.resource;
        names = innerMap(this.byResource, span.resource);
      }
      let hash = names.get(span.name);
      if (hash === undefined) {
        const service = span.resource.serviceName;
        hash = hashString(labelOf(service, span.name));
        if (service.includes('\u0000') || span.name.includes('\u0000')) ambiguousHashes.add(hash);
        if (++this.count > this.maxLabels) {
          this.clear();
          names = innerMap(this.byResource, span.resource);
        }
        names.set(span.name, hash);
      }
      if (ambiguousHashes.size !== 0 && ambiguousHashes.has(hash)) ambiguous = true;
      out[i] = hash;
    }
    this.lastAmbiguous = ambiguous;
    // A process's traces mostly share one resource: the next trace starts from this one's names.
    this.lastResource = lastResource;
    this.lastNames = names;
    return out;
  }

  private clear(): void {
    this.byResource = new WeakMap();
    this.ambiguousHashes.clear();
    this.count = 0;
    this.lastResource = undefined;
    this.lastNames = undefined;
  }
}
