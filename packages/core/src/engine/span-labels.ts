import { innerMap } from '../inner-map.js';
import { findAttribute, type Resource } from '../model.js';
import type { BranchRecord } from '../structure/learned-structure.js';
import { hashString, labelOf, pairSeed } from '../structure/shape-hash.js';
import type { ServiceHeatRecord } from './service-heat.js';
import type { LabelStats } from './span-scorer.js';
import { estimateResourceBytes } from './span-size.js';
import type { StaticLabel } from './static-shapes.js';

/** A span's identity in structure and statistics: service and name, with cached hash and key. */
export interface SpanLabel {
  readonly service: string;
  readonly name: string;
  readonly label: string;
  readonly hash: number;
  /** Short string key (base 36 of the hash) for statistics maps. */
  readonly key: string;
  /** The hash's two mixed 32-bit lanes, summed over siblings into a children signature (`childrenSignature`). */
  readonly laneA: number;
  readonly laneB: number;
  /** `pairSeed(hash)`: pair hashes with this label first (edges) start from it. */
  readonly pairSeed: number;
  /** Scoring statistics of this label, owned by the engine's `SpanScorer`. */
  stats: LabelStats | undefined;
  /** What the static model says about this label, owned by the engine's `StaticShapes`. */
  statics: StaticLabel | undefined;
  /** The learned branches of this label as a parent, owned by the engine's `LearnedStructure`. */
  branches: BranchRecord | undefined;
}

/**
 * The instance a span came from: its service plus the first instance attribute of its resource
 * (`service.instance.id`, `k8s.pod.name`, `host.name`, `container.id`), or the service alone. Faults hit
 * one instance at a time, so service heat is tracked per source.
 */
export interface SpanSource {
  readonly key: string;
  /** Estimated encoded size of the source's resource, in bytes. */
  readonly bytes: number;
  /** Per-trace bookkeeping of the engine: the trace that last used this source and its index there. */
  stamp: number;
  index: number;
  /** The engine's `ServiceHeat` record of this source, cached. */
  heat: ServiceHeatRecord | undefined;
}

const INSTANCE_KEYS = ['service.instance.id', 'k8s.pod.name', 'host.name', 'container.id'];

/** What the cache holds per resource. */
export interface ResourceRecord {
  readonly names: Map<string, SpanLabel>;
  readonly source: SpanSource;
}

/**
 * Interns span labels per resource, so the hot path does at most two map lookups (one when the resource
 * is the previous span's) instead of building and hashing a string per span. Bounded: past `maxLabels`
 * the cache is cleared (labels are recomputed, their statistics relearned).
 */
export class LabelCache {
  private readonly byResource = new WeakMap<Resource, ResourceRecord>();
  private readonly byService = new Map<string, Map<string, SpanLabel>>();
  private readonly sources = new Map<string, SpanSource>();
  private count = 0;
  private readonly maxLabels: number;
  private lastResource: Resource | undefined;
  private lastRecord: ResourceRecord | undefined;

  constructor(maxLabels = 500_000) {
    this.maxLabels = maxLabels;
  }

  /** The label of a span of this resource with this name. */
  get(resource: Resource, name: string): SpanLabel {
    return this.labelIn(this.recordOf(resource), resource, name);
  }

  /** The label of a span with this name in a record from `recordOf(resource)`. */
  labelIn(record: ResourceRecord, resource: Resource, name: string): SpanLabel {
    let label = record.names.get(name);
    if (label === undefined) {
      label = makeLabel(resource.serviceName, name);
      if (++this.count > this.maxLabels) this.clear();
      record.names.set(name, label);
    }
    return label;
  }

  /** The source (service instance) of spans of this resource. */
  source(resource: Resource): SpanSource {
    return this.recordOf(resource).source;
  }

  /** The labels by span name and the source of this resource (one lookup for a run of its spans). */
  recordOf(resource: Resource): ResourceRecord {
    if (resource === this.lastResource) return this.lastRecord!;
    let record = this.byResource.get(resource);
    if (record === undefined) {
      record = { names: innerMap(this.byService, resource.serviceName), source: this.sourceOf(resource) };
      this.byResource.set(resource, record);
    }
    this.lastResource = resource;
    this.lastRecord = record;
    return record;
  }

  private sourceOf(resource: Resource): SpanSource {
    let key = resource.serviceName;
    for (const attribute of INSTANCE_KEYS) {
      const value = findAttribute(resource.attributes, attribute);
      if (value !== undefined && 'stringValue' in value && value.stringValue !== '') {
        key = `${key}\u0000${value.stringValue}`;
        break;
      }
    }
    let source = this.sources.get(key);
    if (source === undefined) {
      if (this.sources.size >= this.maxLabels) this.sources.clear();
      source = { key, bytes: estimateResourceBytes(resource), stamp: -1, index: 0, heat: undefined };
      this.sources.set(key, source);
    }
    return source;
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
  const lo = hash % 0x100000000;
  const hi = Math.floor(hash / 0x100000000);
  const laneA = Math.imul(lo ^ (lo >>> 15), 0x85ebca6b);
  const laneB = Math.imul(hi ^ lo ^ (lo >>> 13), 0xc2b2ae35);
  return {
    service,
    name,
    label,
    hash,
    key: hash.toString(36),
    laneA,
    laneB,
    pairSeed: pairSeed(hash),
    stats: undefined,
    statics: undefined,
    branches: undefined,
  };
}
