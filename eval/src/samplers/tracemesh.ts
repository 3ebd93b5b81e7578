import type { SamplingStrategy, TraceDecision, TraceTree } from '@autoscope/core';
import {
  type BudgetedSamplerOptions,
  checkKeepRatio,
  dropped,
  kept,
  liveKeepRatio,
  wholeTrace,
} from './common.js';
import { hashUnit } from './hash.js';
import { MicroClusterSet } from './micro-clusters.js';
import { encodeTrace, SKETCH_BITS, sketchOf } from './trace-sketch.js';

const WINDOW = 512;
const RESOLVE_EVERY = 16;

/**
 * Options of the TraceMesh baseline.
 * `keepRatio`: target kept fraction of spans, 0..1.
 * `seed`: seed of the path hashes, the sketch projections and the sampling hash.
 */
export interface TraceMeshSamplerOptions extends BudgetedSamplerOptions {
  /** Cluster radius as a fraction of the sketch bits (default 0.1). */
  readonly radius?: number;
  /** Cluster weight half-life in traces (default 2000). */
  readonly halfLife?: number;
}

/**
 * A streaming trace-level sampler favouring uncommon traces, after TraceMesh (IEEE CLOUD 2024): each trace
 * is encoded over its call paths, sketched to 128 bits by a StreamHash-style LSH, and clustered online into
 * decaying micro-clusters. A trace is kept with probability `min(1, c / w)`, `w` its cluster's weight, so
 * recurring patterns are sampled rarely and new ones almost always. `c` is re-solved every few traces over
 * the last 512 (weight, spans) pairs so the expected kept fraction of spans equals `keepRatio`.
 */
export class TraceMeshSampler implements SamplingStrategy {
  readonly name = 'tracemesh';
  readonly traceLevel = true;
  private readonly clusters: MicroClusterSet;
  private readonly weights = new Float64Array(WINDOW);
  private readonly sizes = new Float64Array(WINDOW);
  private seen = 0;
  private scale: number;

  constructor(private readonly options: TraceMeshSamplerOptions) {
    this.scale = checkKeepRatio(options.keepRatio, 'tracemesh');
    this.clusters = new MicroClusterSet({
      radius: Math.round((options.radius ?? 0.1) * SKETCH_BITS),
      halfLife: options.halfLife ?? 2000,
      maxClusters: 1000,
    });
  }

  /** @inheritdoc */
  describe(): string {
    const radius = this.options.radius ?? 0.1;
    return `tracemesh: ${SKETCH_BITS}-bit path sketch, micro-clusters radius ${radius}, half-life ${this.options.halfLife ?? 2000} traces, ${this.options.keepRatio} of spans, seed ${this.options.seed}`;
  }

  /** @inheritdoc */
  decide(tree: TraceTree): TraceDecision {
    const sketch = sketchOf(encodeTrace(tree, this.options.seed), this.options.seed);
    const weight = this.clusters.absorb(sketch);
    this.remember(weight, tree.spans.length);
    const probability = Math.min(1, this.scale / weight);
    const sampled = hashUnit(this.options.seed, tree.traceId) < probability;
    const score = 1 / weight;
    return {
      tree,
      decisions: wholeTrace(tree, sampled ? kept('sampled', score) : dropped('not_sampled', score)),
    };
  }

  /** Number of live micro-clusters (patterns currently tracked). */
  get patternCount(): number {
    return this.clusters.size;
  }

  private remember(weight: number, spans: number): void {
    const slot = this.seen % WINDOW;
    this.weights[slot] = weight;
    this.sizes[slot] = spans;
    this.seen++;
    if (this.seen <= 64 || this.seen % RESOLVE_EVERY === 0) this.scale = this.solveScale();
  }

  /** Bisects `c` so that Σ spans·min(1, c/w) over the window equals keepRatio·Σ spans. */
  private solveScale(): number {
    const n = Math.min(this.seen, WINDOW);
    let total = 0;
    let high = 1;
    for (let i = 0; i < n; i++) {
      total += this.sizes[i]!;
      high = Math.max(high, this.weights[i]!);
    }
    const target = liveKeepRatio(this.options) * total;
    let low = 0;
    for (let step = 0; step < 40; step++) {
      const mid = (low + high) / 2;
      if (this.expectedKept(mid, n) < target) low = mid;
      else high = mid;
    }
    return high;
  }

  private expectedKept(scale: number, n: number): number {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.sizes[i]! * Math.min(1, scale / this.weights[i]!);
    return sum;
  }
}
