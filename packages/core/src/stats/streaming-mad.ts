import { checkWindow, DEFAULT_MEDIAN_WINDOW, SlidingMedian } from './sliding-median.js';

/** 0.6745 = Φ⁻¹(0.75): scales MAD to the standard deviation of a normal distribution (Iglewicz–Hoaglin). */
export const MAD_Z_FACTOR = 0.6745;

/** 1.2533 = √(π/2): scales the mean absolute deviation to the standard deviation of a normal distribution. */
export const MEAN_AD_CONSISTENCY = 1.2533;

/** Scores are clamped to ±MAX_SCORE, so they are always finite and comparable. */
export const MAX_SCORE = 1e6;

/** Window sizes for `RobustStats`. */
export interface RobustStatsOptions {
  /** Number of recent values the median covers (default 100). */
  readonly window?: number;
  /** Number of recent absolute deviations the MAD covers (default 100). */
  readonly madWindow?: number;
}

/**
 * Streaming robust location and scale of one series: a sliding median of the values and a sliding MAD.
 *
 * On each push, the absolute deviation of the value from the median *including* that value is pushed
 * into a second sliding median, whose median is the MAD. This is the streaming approximation used by
 * the paper's artifact: each deviation is measured against the median of its own time, not recomputed
 * when the median moves. Deviations that overflow are clamped to `Number.MAX_VALUE`.
 *
 * `score(x)` is the revised Z-score `0.6745 * (x - median) / MAD` against the statistics before `x` is
 * pushed. When MAD is 0 (more than half the recent deviations are 0, e.g. a constant or quantized
 * series) it falls back to `(x - median) / (1.2533 * meanAD)`, meanAD being the mean of the same
 * deviations (the IBM SPSS fallback). When that is 0 too, the score is 0 for `x === median` and
 * `±MAX_SCORE` otherwise, so a constant series still flags a different value. Every score is clamped to
 * [-MAX_SCORE, MAX_SCORE]; with no data, or for a non-finite `x`, the score is 0.
 *
 * Non-finite values are ignored by `push` and counted in `rejected`. Pushes allocate nothing once warm.
 */
export class RobustStats {
  /** Total finite values accepted since construction or the last `clear()`. */
  count = 0;
  /** Non-finite values ignored since construction or the last `clear()`. */
  rejected = 0;
  private readonly values: SlidingMedian;
  private readonly deviations: SlidingMedian;

  /** Creates empty statistics. Throws `InvalidOptionError` for a window that is not an integer ≥ 1. */
  constructor(options: RobustStatsOptions = {}) {
    const window = options.window ?? DEFAULT_MEDIAN_WINDOW;
    const madWindow = options.madWindow ?? DEFAULT_MEDIAN_WINDOW;
    checkWindow('window', window);
    checkWindow('madWindow', madWindow);
    this.values = new SlidingMedian(window);
    this.deviations = new SlidingMedian(madWindow);
  }

  /** Number of values currently in the median's window. */
  get size(): number {
    return this.values.size;
  }

  /** Adds a value; non-finite values are counted in `rejected` and ignored. */
  push(x: number): void {
    if (!Number.isFinite(x)) {
      this.rejected++;
      return;
    }
    this.count++;
    this.values.push(x);
    this.deviations.push(Math.min(Math.abs(x - this.values.median()), Number.MAX_VALUE));
  }

  /** Median of the recent values; NaN when empty. */
  median(): number {
    return this.values.median();
  }

  /** Median absolute deviation of the recent values (unscaled); NaN when empty. */
  mad(): number {
    return this.deviations.median();
  }

  /** Revised Z-score of `x` against the current statistics (see the class comment for the fallbacks). */
  score(x: number): number {
    const median = this.values.median();
    if (!Number.isFinite(x) || Number.isNaN(median)) return 0;
    const diff = x - median;
    const mad = this.deviations.median();
    let z: number;
    if (mad > 0) z = (MAD_Z_FACTOR * diff) / mad;
    else {
      const meanAd = this.deviations.mean();
      // Dividing in two steps keeps 1.2533 * meanAd from overflowing.
      if (meanAd > 0) z = diff / meanAd / MEAN_AD_CONSISTENCY;
      else z = diff > 0 ? MAX_SCORE : diff < 0 ? -MAX_SCORE : 0;
    }
    return Math.max(-MAX_SCORE, Math.min(MAX_SCORE, z));
  }

  /** Scores `x` against the statistics so far, then pushes it: the per-span hot path. */
  scoreThenPush(x: number): number {
    const z = this.score(x);
    this.push(x);
    return z;
  }

  /** Forgets every value and resets the counters; keeps the storage already allocated. */
  clear(): void {
    this.values.clear();
    this.deviations.clear();
    this.count = 0;
    this.rejected = 0;
  }
}
