import {
  insertSorted,
  madOfSorted,
  meanAbsoluteDeviationOfSorted,
  medianOfSorted,
} from './order-statistics.js';
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

/** Values a series holds before its buffers grow to the full window (most keys see far more). */
const INITIAL_CAPACITY = 32;

/** Scratch buffers shared by every instance (single-threaded; never held across calls). */
const shared: { fresh: Float64Array } = { fresh: new Float64Array(64) };

/**
 * Robust location and scale of the last `window` values of one series, for the revised Z-score.
 *
 * Values go into a ring buffer and a sorted copy of the window. While the window fills, each value is
 * inserted into the sorted copy (the copy is short); once it is full, the copy is brought up to date in
 * batches: the values that arrived and left since the last batch are sorted (a handful) and merged into
 * it in one linear pass, in place. (Keeping the full copy sorted on every push costs a shift of a third
 * of the window per value and measured slower.) The median and the MAD (median absolute deviation from
 * that median, a k-th smallest of two sorted deviation sequences: O(log n)) are recomputed from the
 * sorted copy every `refreshEvery` pushes (amortised O(1) per push), so they are exact order statistics
 * of the window as it was at the last refresh, lagging it by fewer than `refreshEvery` values.
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
  /** The score of the last `scoreToLast` call (NaN before the first). */
  lastScore = Number.NaN;
  private readonly window: number;
  private readonly refreshEvery: number;
  /**
   * One buffer (one allocation, no views): the ring at `[0, capacity)`, the sorted copy at
   * `[capacity, 2 * capacity)`, then the values that left since the last batch (`refreshEvery`).
   */
  private data: Float64Array;
  private capacity: number;
  private size = 0;
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
    this.capacity = Math.min(window, INITIAL_CAPACITY);
    this.data = new Float64Array(2 * this.capacity + this.refreshEvery);
  }

  /** Adds a value; non-finite values are counted in `rejected` and ignored. */
  push(x: number): void {
    if (!Number.isFinite(x)) {
      this.rejected++;
      return;
    }
    const value = x + 0; // -0 is stored as 0, so equal values compare equal in the sorted window
    this.count++;
    if (this.size < this.window) {
      if (this.size === this.capacity) this.grow();
      // While filling, the sorted copy is kept current (cheap: the window is still short).
      insertSorted(this.data, this.size, value, this.capacity);
      this.data[this.size++] = value;
      // A refresh when the window fills aligns later batches with the ring (see `mergeBatch`).
      if (++this.pending === this.refreshEvery || this.size === this.window) this.refresh();
      return;
    }
    const data = this.data;
    data[2 * this.capacity + this.leftCount++] = data[this.next]!;
    data[this.next] = value;
    this.next = this.next + 1 === this.window ? 0 : this.next + 1;
    if (++this.pending === this.refreshEvery) this.refresh();
  }

  /** Median of the window as of the last refresh (running one first when due); NaN when empty. */
  median(): number {
    this.refreshIfDue();
    return this.center;
  }

  /** Unscaled MAD of the window as of the last refresh; NaN when empty. */
  medianAbsoluteDeviation(): number {
    this.refreshIfDue();
    return this.mad;
  }

  /** Revised Z-score of `x` against the current statistics (see the class comment for fallbacks). */
  score(x: number): number {
    this.scoreToLast(x);
    return this.lastScore;
  }

  /**
   * `score(x)` written to `lastScore` instead of returned: a double returned from a call that is not
   * inlined is allocated on the heap (a field of double representation is written in place), ~20 MB of
   * garbage over the TrainTicket day in the engine's scoring.
   */
  scoreToLast(x: number): void {
    this.refreshIfDue();
    const median = this.center;
    if (!Number.isFinite(x) || Number.isNaN(median)) {
      this.lastScore = 0;
      return;
    }
    const diff = x - median;
    let z: number;
    if (this.mad > 0) z = (MAD_Z_FACTOR * diff) / this.mad;
    else if (this.meanAd > 0) z = diff / this.meanAd / MEAN_AD_CONSISTENCY;
    else z = diff > 0 ? MAX_SCORE : diff < 0 ? -MAX_SCORE : 0;
    this.lastScore = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, z));
  }

  /** Scores `x` against the statistics so far, then pushes it: the per-span hot path. */
  scoreThenPush(x: number): number {
    const z = this.score(x);
    this.push(x);
    return z;
  }

  private refreshIfDue(): void {
    if (this.pending === 0) return;
    // Once full, `push` refreshes every `refreshEvery` values; while filling, every quarter.
    if (Number.isNaN(this.center) || (this.size < this.window && this.pending >= this.size >> 2))
      this.refresh();
  }

  /** Recomputes median and MAD (and the mean absolute deviation when MAD is 0) from the sorted window. */
  private refresh(): void {
    if (this.leftCount > 0) this.mergeBatch();
    const { data, size, capacity } = this;
    this.pending = 0;
    const center = medianOfSorted(data, size, capacity);
    const mad = madOfSorted(data, size, center, capacity);
    this.center = center;
    this.mad = mad;
    this.meanAd = mad > 0 ? Number.NaN : meanAbsoluteDeviationOfSorted(data, size, center, capacity);
  }

  /**
   * Merges the values that arrived and left since the last batch into the full sorted window. When
   * `refreshEvery` divides the window, the arrived values are sorted in place in the ring: they leave
   * together one window later, already in order (so sorting them again costs a single pass), and no copy
   * is needed.
   */
  private mergeBatch(): void {
    const { data, window, pending, capacity } = this;
    const left = 2 * capacity;
    insertionSort(data, left, left + this.leftCount);
    let added = data;
    let from = (this.next === 0 ? window : this.next) - pending;
    if (window % this.refreshEvery !== 0 || this.next % this.refreshEvery !== 0) {
      added = sortedCopyOfNewest(data, window, this.next, pending);
      from = 0;
    } else insertionSort(data, from, from + pending);
    // In place: the window keeps its size, and `mergeWindow` never overwrites a value it still has to read.
    mergeWindow(data, this.size, data, this.leftCount, added, from, pending, data, capacity, left);
    this.leftCount = 0;
  }

  private grow(): void {
    // Straight to the full window: a series that outgrows the first buffer usually fills it.
    const capacity = this.window;
    const data = new Float64Array(2 * capacity + this.refreshEvery);
    const old = this.data;
    const oldCapacity = this.capacity;
    for (let i = 0; i < this.size; i++) {
      data[i] = old[i]!;
      data[capacity + i] = old[oldCapacity + i]!;
    }
    this.data = data;
    this.capacity = capacity;
  }
}

/** The `count` values of a full ring (`ring[0..length)`) just before `next`, copied to a shared buffer and sorted. */
function sortedCopyOfNewest(ring: Float64Array, length: number, next: number, count: number): Float64Array {
  if (shared.fresh.length < count) shared.fresh = new Float64Array(Math.max(count, 2 * shared.fresh.length));
  const fresh = shared.fresh;
  let at = next;
  for (let k = count - 1; k >= 0; k--) {
    at = at === 0 ? length - 1 : at - 1;
    fresh[k] = ring[at]!;
  }
  insertionSort(fresh, 0, count);
  return fresh;
}
