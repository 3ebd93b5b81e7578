import {
  checkWindow,
  DEFAULT_MEDIAN_WINDOW,
  MAD_Z_FACTOR,
  MAX_SCORE,
  MEAN_AD_CONSISTENCY,
} from './robust-score.js';
import { insertionSort, mergeWindow } from './sorted-merge.js';

/** Options of `WindowStats`. */
export interface WindowStatsOptions {
  /** Number of most recent values the statistics cover (default 100). */
  readonly window?: number;
  /**
   * Pushes between two recomputations of median and MAD once the window is full (default window / 4,
   * at most the window). Before that, they are recomputed whenever the count grew by a quarter.
   */
  readonly refreshEvery?: number;
}

/** Scratch buffers shared by every instance (single-threaded; never held across calls). */
const shared: { merged: Float64Array; fresh: Float64Array } = {
  merged: new Float64Array(256),
  fresh: new Float64Array(64),
};

/**
 * Robust location and scale of the last `window` values of one series, for the revised Z-score, at a
 * cost of two array stores per push.
 *
 * Values go into a ring buffer; a sorted copy of the window is brought up to date in batches: the values
 * that arrived and left since the last batch are sorted (a handful) and merged into it in one linear pass.
 * The median and the MAD (median absolute deviation from that median, found by walking outwards from the
 * median in the sorted window) are then exact order statistics of the window. A batch runs at most every
 * `refreshEvery` pushes (amortised O(1) per push), so between two batches scores use statistics that lag
 * the window by fewer than `refreshEvery` values.
 *
 * `score(x)` is `0.6745 * (x - median) / MAD`. When MAD is 0 (at least half the window is one value) it
 * falls back to `(x - median) / (1.2533 * meanAD)`, meanAD being the mean absolute deviation from the
 * median; when that is 0 too, the score is 0 for `x === median` and `±MAX_SCORE` otherwise. Scores are
 * clamped to ±MAX_SCORE; with no data, or for a non-finite `x`, the score is 0. Non-finite values are not
 * pushed; they are counted in `rejected`.
 */
export class WindowStats {
  /** Finite values accepted since construction. */
  count = 0;
  /** Non-finite values ignored. */
  rejected = 0;
  private readonly window: number;
  private readonly refreshEvery: number;
  private ring: Float64Array;
  private sorted: Float64Array;
  private readonly left: Float64Array;
  private size = 0;
  private sortedSize = 0;
  private next = 0;
  private pending = 0;
  private leftCount = 0;
  private center = Number.NaN;
  private mad = Number.NaN;
  private meanAd = Number.NaN;

  /** Creates empty statistics; throws `InvalidOptionError` for a bad window. */
  constructor(options: WindowStatsOptions = {}) {
    const window = options.window ?? DEFAULT_MEDIAN_WINDOW;
    checkWindow('window', window);
    this.window = window;
    const every = Math.floor(options.refreshEvery ?? window / 4);
    this.refreshEvery = Math.min(window, Math.max(1, every));
    this.ring = new Float64Array(Math.min(window, 8));
    this.sorted = new Float64Array(this.ring.length);
    this.left = new Float64Array(this.refreshEvery);
  }

  /** Adds a value; non-finite values are counted in `rejected` and ignored. */
  push(x: number): void {
    if (!Number.isFinite(x)) {
      this.rejected++;
      return;
    }
    if (this.size < this.window) {
      if (this.size === this.ring.length) this.grow();
      this.ring[this.size++] = x + 0;
      this.count++;
      // A batch when the window fills aligns later batches with the ring (see `refresh`).
      if (++this.pending === this.refreshEvery || this.size === this.window) this.refresh();
      return;
    }
    this.left[this.leftCount++] = this.ring[this.next]!;
    this.ring[this.next] = x + 0;
    this.next = this.next + 1 === this.window ? 0 : this.next + 1;
    this.count++;
    if (++this.pending === this.refreshEvery) this.refresh();
  }

  /** Median of the window as of the last batch (running one first when due); NaN when empty. */
  median(): number {
    this.refreshIfDue();
    return this.center;
  }

  /** Unscaled MAD of the window as of the last batch; NaN when empty. */
  medianAbsoluteDeviation(): number {
    this.refreshIfDue();
    return this.mad;
  }

  /** Revised Z-score of `x` against the current statistics (see the class comment for fallbacks). */
  score(x: number): number {
    this.refreshIfDue();
    const median = this.center;
    if (!Number.isFinite(x) || Number.isNaN(median)) return 0;
    const diff = x - median;
    let z: number;
    if (this.mad > 0) z = (MAD_Z_FACTOR * diff) / this.mad;
    else {
      const meanAd = this.meanAbsoluteDeviation();
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

  private refreshIfDue(): void {
    if (this.pending === 0) return;
    // Once full, `push` runs the batch every `refreshEvery` values; while filling, every quarter.
    if (this.sortedSize === 0 || (this.size < this.window && this.pending >= this.size >> 2)) this.refresh();
  }

  /**
   * Merges the values that arrived and left since the last batch into the sorted window. The arrived
   * values are sorted in place in the ring, so when `refreshEvery` divides the window they leave, one
   * window later, already in order (and sorting them again costs a single pass).
   */
  private refresh(): void {
    // Aligned batches leave the ring together: sorting them in place costs nothing when they leave.
    const aligned =
      this.size === this.window &&
      this.window % this.refreshEvery === 0 &&
      this.next % this.refreshEvery === 0;
    const fresh = sortFresh(this.ring, this.size, this.next, this.pending, this.window, aligned);
    insertionSort(this.left, this.leftCount);
    if (shared.merged.length < this.size)
      shared.merged = new Float64Array(Math.min(this.window, Math.max(this.size, 2 * shared.merged.length)));
    const merged = shared.merged;
    const n = mergeWindow(
      this.sorted,
      this.sortedSize,
      this.left,
      this.leftCount,
      fresh,
      this.pending,
      merged,
    );
    // Swap buffers instead of copying when they are alike: the old one becomes the shared spare.
    if (this.sorted.length === merged.length) {
      shared.merged = this.sorted;
      this.sorted = merged;
    } else {
      if (this.sorted.length < n) this.sorted = new Float64Array(this.ring.length);
      for (let i = 0; i < n; i++) this.sorted[i] = merged[i]!;
    }
    this.sortedSize = n;
    this.pending = 0;
    this.leftCount = 0;
    this.meanAd = Number.NaN;
    this.center = medianOfSorted(this.sorted, n);
    this.mad = madOfSorted(this.sorted, n, this.center);
  }

  private meanAbsoluteDeviation(): number {
    if (Number.isNaN(this.meanAd)) {
      let mean = 0;
      const n = this.sortedSize;
      for (let i = 0; i < n; i++) mean += Math.abs(this.sorted[i]! - this.center) / n;
      this.meanAd = mean;
    }
    return this.meanAd;
  }

  private grow(): void {
    const ring = new Float64Array(Math.min(this.window, this.ring.length * 2));
    ring.set(this.ring);
    this.ring = ring;
  }
}

/** The last `pending` values pushed, sorted (shared buffer); `inPlace` also sorts them in the ring. */
function sortFresh(
  ring: Float64Array,
  size: number,
  next: number,
  pending: number,
  window: number,
  inPlace: boolean,
) {
  if (shared.fresh.length < pending) shared.fresh = new Float64Array(Math.min(window, 2 * pending));
  const fresh = shared.fresh;
  // While filling, the newest value is at size - 1; once full, just before `next`.
  const newest = size < window ? size - 1 : next - 1;
  let at = newest;
  for (let k = pending - 1; k >= 0; k--) {
    if (at < 0) at = size - 1;
    fresh[k] = ring[at--]!;
  }
  insertionSort(fresh, pending);
  if (!inPlace) return fresh;
  at = newest;
  for (let k = pending - 1; k >= 0; k--) {
    if (at < 0) at = size - 1;
    ring[at--] = fresh[k]!;
  }
  return fresh;
}

function medianOfSorted(sorted: Float64Array, n: number): number {
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : sorted[mid - 1]! / 2 + sorted[mid]! / 2;
}

/**
 * Median of |x - center| over a sorted window. The deviations below the middle (read downwards) and
 * above it (read upwards) are two ascending sequences, so the median deviation is a k-th smallest of two
 * sorted sequences: found in O(log n) steps instead of walking n / 2 values outwards.
 */
function madOfSorted(sorted: Float64Array, n: number, center: number): number {
  if (n === 0) return Number.NaN;
  const below = (n >> 1) - 1; // deviations center - sorted[below - i], ascending in i
  const above = n >> 1; // deviations sorted[above + j] - center, ascending in j
  const target = n >> 1;
  if (n % 2 === 1) return kthDeviation(sorted, n, center, below, above, target);
  const low = kthDeviation(sorted, n, center, below, above, target - 1);
  return low / 2 + kthDeviation(sorted, n, center, below, above, target) / 2;
}

/** The k-th smallest (0-based) of the deviations below `below + 1` and from `above` (see `madOfSorted`). */
function kthDeviation(
  sorted: Float64Array,
  n: number,
  center: number,
  below: number,
  above: number,
  k: number,
): number {
  let a = 0; // deviations taken from below
  let b = 0; // deviations taken from above
  const aLength = below + 1;
  const bLength = n - above;
  for (;;) {
    if (a === aLength) return sorted[above + b + k]! - center;
    if (b === bLength) return center - sorted[below - a - k]!;
    if (k === 0) {
      const fromBelow = center - sorted[below - a]!;
      const fromAbove = sorted[above + b]! - center;
      return Math.min(fromBelow, fromAbove);
    }
    const step = (k + 1) >> 1;
    const takeA = Math.min(aLength - a, step);
    const takeB = Math.min(bLength - b, step);
    if (center - sorted[below - a - takeA + 1]! <= sorted[above + b + takeB - 1]! - center) {
      a += takeA;
      k -= takeA;
    } else {
      b += takeB;
      k -= takeB;
    }
  }
}
