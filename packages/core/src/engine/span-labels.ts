import type { Resource } from '../model.js';
import { hashString, labelOf } from '../structure/shape-hash.js';

/** A span's identity in structure and statistics: service and name, with cached hash and key. */
export interface SpanLabel {
  readonly service: string;
  readonly name: string;
  readonly label: string;
  readonly hash: number;
  /** Short string key (base 36 of the hash) for statistics maps. */
  readonly key: string;
}

/**
 * Interns span labels per resource, so the hot path does two map lookups instead of building and hashing
 * a string per span. Bounded: past `maxLabels` the cache is cleared (labels are recomputed, not lost).
 */
export class LabelCache {
  private readonly byResource = new WeakMap<Resource, Map<string, SpanLabel>>();
  private readonly byService = new Map<string, Map<string, SpanLabel>>();
  private count = 0;
  private readonly maxLabels: number;

  constructor(maxLabels = 500_000) {
    this.maxLabels = maxLabels;
  }

  /** The label of a span of this resource with this name. */
  get(resource: Resource, name: string): SpanLabel {
    let names = this.byResource.get(resource);
    if (names === undefined) {
      names = this.namesOf(resource.serviceName);
      this.byResource.set(resource, names);
    }
    let label = names.get(name);
    if (label === undefined) {
      label = makeLabel(resource.serviceName, name);
      if (++this.count > this.maxLabels) this.clear();
      names.set(name, label);
    }
    return label;
  }

  private namesOf(service: string): Map<string, SpanLabel> {
    let names = this.byService.get(service);
    if (names === undefined) {
      names = new Map();
      this.byService.set(service, names);
    }
    return names;
  }

  private clear(): void {
    for (const names of this.byService.values()) names.clear();
    this.count = 0;
  }
}

/** Builds a label (uncached). */
export function makeLabel(service: string, name: string): SpanLabel {
  const label = labelOf(service, name);
  const hash = hashString(label);
  return { service, name, label, hash, key: hash.toString(36) };
}
