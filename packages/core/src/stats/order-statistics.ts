/**
 * Order statistics of a sorted window (ascending `Float64Array` run of length `n` starting at `at`, 0 by
 * default), and the in-place insertion that keeps such a window sorted while it fills.
 */

/** Median of `sorted[at..at + n)`; NaN when `n` is 0. */
export function medianOfSorted(sorted: Float64Array, n: number, at = 0): number {
  if (n === 0) return Number.NaN;
  const mid = at + (n >> 1);
  return n % 2 === 1 ? sorted[mid]! : sorted[mid - 1]! / 2 + sorted[mid]! / 2;
}

/** Mean of |x - center| over `sorted[at..at + n)`, summed in ascending order; NaN when `n` is 0. */
export function meanAbsoluteDeviationOfSorted(
  sorted: Float64Array,
  n: number,
  center: number,
  at = 0,
): number {
  if (n === 0) return Number.NaN;
  let mean = 0;
  for (let i = at; i < at + n; i++) mean += Math.abs(sorted[i]! - center) / n;
  return mean;
}

/**
 * Median of |x - center| over a sorted window. The deviations below the middle (read downwards) and
 * above it (read upwards) are two ascending sequences, so the median deviation is a k-th smallest of two
 * sorted sequences: found in O(log n) steps instead of walking n / 2 values outwards.
 */
export function madOfSorted(sorted: Float64Array, n: number, center: number, at = 0): number {
  if (n === 0) return Number.NaN;
  const below = at + (n >> 1) - 1; // deviations center - sorted[below - i], ascending in i
  const above = at + (n >> 1); // deviations sorted[above + j] - center, ascending in j
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
  const aLength = n >> 1;
  const bLength = n - (n >> 1);
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

/** Inserts `x` into `sorted[at..at + n)` (room for n + 1 values), walking down from the end. */
export function insertSorted(sorted: Float64Array, n: number, x: number, at = 0): void {
  let j = at + n;
  while (j > at && sorted[j - 1]! > x) {
    sorted[j] = sorted[j - 1]!;
    j--;
  }
  sorted[j] = x;
}
