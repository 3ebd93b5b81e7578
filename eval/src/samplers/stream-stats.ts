/**
 * Small streaming statistics for the baseline samplers: bounded memory, deterministic, never throw.
 */

const SUB_BUCKETS = 8;
const BUCKETS = 64 * SUB_BUCKETS;

/**
 * A decaying histogram over log2-spaced buckets (8 per doubling, about 9% wide) of non-negative values,
 * for streaming quantiles such as a p99 of trace durations. Every `halfLife` additions the counts halve,
 * so the estimate follows the recent stream. Non-finite and negative values count as 0.
 */
export class LogHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private added = 0;

  constructor(private readonly halfLife = 5000) {}

  /** Values seen so far (not decayed). */
  get count(): number {
    return this.added;
  }

  /** Adds one value. */
  add(value: number): void {
    this.counts[bucketOf(value)]! += 1;
    this.total += 1;
    this.added += 1;
    if (this.added % this.halfLife === 0) this.halve();
  }

  /** The value below which a fraction `q` (0..1) of the weight lies (bucket upper edge); 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const target = Math.min(1, Math.max(0, q)) * this.total;
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b]!;
      if (seen >= target && seen > 0) return upperEdge(b);
    }
    return upperEdge(BUCKETS - 1);
  }

  private halve(): void {
    for (let b = 0; b < BUCKETS; b++) this.counts[b]! *= 0.5;
    this.total *= 0.5;
  }
}

function bucketOf(value: number): number {
  if (!(value >= 1)) return 0;
  const b = Math.floor(Math.log2(value) * SUB_BUCKETS) + 1;
  return Math.min(BUCKETS - 1, b);
}

function upperEdge(bucket: number): number {
  return bucket === 0 ? 1 : 2 ** (bucket / SUB_BUCKETS);
}

/**
 * Exponentially decayed sums of kept and total amounts (spans, traces or bytes), so a sampler can steer
 * its recent kept fraction toward a target. `halfLife` is in calls to `add`.
 */
export class DecayedRatio {
  private keptSum = 0;
  private totalSum = 0;
  private readonly factor: number;

  constructor(halfLife = 500) {
    this.factor = 0.5 ** (1 / Math.max(1, halfLife));
  }

  /** Records one decision's kept and total amounts. */
  add(kept: number, total: number): void {
    this.keptSum = this.keptSum * this.factor + kept;
    this.totalSum = this.totalSum * this.factor + total;
  }

  /** Decayed kept amount. */
  get kept(): number {
    return this.keptSum;
  }

  /** Decayed total amount. */
  get total(): number {
    return this.totalSum;
  }

  /** Recent kept fraction, or `fallback` before anything was seen. */
  ratio(fallback: number): number {
    return this.totalSum > 0 ? this.keptSum / this.totalSum : fallback;
  }
}
