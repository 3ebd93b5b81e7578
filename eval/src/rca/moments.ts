import { bucketRole, type CaseBuckets } from './time-buckets.js';

/** Count, sum and sum of squares of a value: enough for a mean and a variance. */
export class Moments {
  n = 0;
  sum = 0;
  sumSq = 0;

  /** Adds one finite value (callers guarantee finiteness). */
  add(x: number): void {
    this.n += 1;
    this.sum += x;
    this.sumSq += x * x;
  }

  /** Adds the same finite value `times` times. */
  addRepeated(x: number, times: number): void {
    this.n += times;
    this.sum += x * times;
    this.sumSq += x * x * times;
  }

  /** Adds another set of moments. */
  merge(other: Moments): void {
    this.n += other.n;
    this.sum += other.sum;
    this.sumSq += other.sumSq;
  }

  /** The mean (0 when empty). */
  get mean(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }

  /** The population variance (0 when empty). */
  get variance(): number {
    const mean = this.mean;
    return this.n === 0 ? 0 : Math.max(0, this.sumSq / this.n - mean * mean);
  }
}

/** One series (say, log self times of one operation) as moments per time bucket. */
export class BucketedMoments {
  private readonly buckets = new Map<number, Moments>();

  /** Adds a value observed in `bucket`. */
  add(bucket: number, x: number): void {
    let moments = this.buckets.get(bucket);
    if (moments === undefined) {
      moments = new Moments();
      this.buckets.set(bucket, moments);
    }
    moments.add(x);
  }

  /** Adds a value observed `times` times in `bucket`. */
  addRepeated(bucket: number, x: number, times: number): void {
    if (times <= 0) return;
    let moments = this.buckets.get(bucket);
    if (moments === undefined) {
      moments = new Moments();
      this.buckets.set(bucket, moments);
    }
    moments.addRepeated(x, times);
  }

  /** Drops the buckets before `bucket`. */
  forgetBefore(bucket: number): void {
    for (const key of this.buckets.keys()) if (key < bucket) this.buckets.delete(key);
  }

  /**
   * How far the window's mean lies above the baseline's, in standard errors. The standard error is
   * inflated by how much baseline buckets vary beyond chance (load, drift, bursts), so a series that
   * always wanders does not look anomalous. `minVariance` floors the variance (values are coarse).
   * Undefined without window values or with fewer than `minBaseline` baseline values.
   */
  shift(c: CaseBuckets, minVariance: number, minBaseline = 3): number | undefined {
    const window = new Moments();
    const baseline = new Moments();
    const baselineBuckets: Moments[] = [];
    for (const [bucket, moments] of this.buckets) {
      const role = bucketRole(bucket, c);
      if (role === 'window') window.merge(moments);
      else if (role === 'baseline') {
        baseline.merge(moments);
        baselineBuckets.push(moments);
      }
    }
    if (window.n === 0 || baseline.n < minBaseline) return undefined;
    const variance = Math.max(minVariance, baseline.variance);
    const inflation = overdispersion(baselineBuckets, baseline.mean, variance);
    return (window.mean - baseline.mean) / Math.sqrt((inflation * variance) / window.n);
  }
}

/** Between-bucket variance of the means relative to what chance gives (at least 1). */
function overdispersion(buckets: readonly Moments[], mean: number, variance: number): number {
  let chiSquare = 0;
  let used = 0;
  for (const b of buckets) {
    if (b.n < 2) continue;
    const d = b.mean - mean;
    chiSquare += (b.n * d * d) / variance;
    used += 1;
  }
  return used > 3 ? Math.max(1, chiSquare / (used - 1)) : 1;
}
