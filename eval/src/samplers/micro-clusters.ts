import { hammingDistance } from './trace-sketch.js';

interface MicroCluster {
  readonly center: Uint32Array;
  weight: number;
  lastSeen: number;
}

/** Options of the micro-cluster set. */
export interface MicroClusterOptions {
  /** Largest Hamming distance at which a sketch joins a cluster. */
  readonly radius: number;
  /** Weight half-life in traces: a pattern not seen for this long counts half. */
  readonly halfLife: number;
  /** Most clusters kept; the lightest is evicted to make room. */
  readonly maxClusters: number;
}

/**
 * A DenStream-like set of micro-clusters over sketches: each has a fixed center (its first sketch) and a
 * weight that decays with time (counted in traces). A sketch joins the nearest cluster within `radius`, or
 * starts a new one; recurring patterns gain weight, rare ones stay light.
 */
export class MicroClusterSet {
  private readonly clusters: MicroCluster[] = [];
  private now = 0;
  private readonly decayPerTrace: number;

  constructor(private readonly options: MicroClusterOptions) {
    this.decayPerTrace = 0.5 ** (1 / Math.max(1, options.halfLife));
  }

  /** Number of live clusters. */
  get size(): number {
    return this.clusters.length;
  }

  /** Adds one sketch and returns the decayed weight of the cluster it joined (1 for a new pattern). */
  absorb(sketch: Uint32Array): number {
    this.now++;
    const nearest = this.nearest(sketch);
    if (nearest !== undefined) {
      nearest.weight = this.decayed(nearest) + 1;
      nearest.lastSeen = this.now;
      return nearest.weight;
    }
    if (this.clusters.length >= this.options.maxClusters) this.evictLightest();
    this.clusters.push({ center: sketch, weight: 1, lastSeen: this.now });
    return 1;
  }

  private nearest(sketch: Uint32Array): MicroCluster | undefined {
    let best: MicroCluster | undefined;
    let bestDistance = this.options.radius + 1;
    for (const cluster of this.clusters) {
      const distance = hammingDistance(cluster.center, sketch);
      if (distance < bestDistance) {
        best = cluster;
        bestDistance = distance;
      }
    }
    return best;
  }

  private decayed(cluster: MicroCluster): number {
    return cluster.weight * this.decayPerTrace ** (this.now - cluster.lastSeen);
  }

  private evictLightest(): void {
    let lightest = 0;
    for (let i = 1; i < this.clusters.length; i++) {
      if (this.decayed(this.clusters[i]!) < this.decayed(this.clusters[lightest]!)) lightest = i;
    }
    this.clusters.splice(lightest, 1);
  }
}
