/** Sorts `values[from..to)` ascending in place (insertion sort: for the handful of values of one batch). */
export function insertionSort(values: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const x = values[i]!;
    let j = i - 1;
    while (j >= from && values[j]! > x) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = x;
  }
}

/**
 * Writes into `out` the sorted multiset `sorted[0..n) − removed[0..r) + added[from..from + a)`; all three
 * inputs ascending, every removed value present in `sorted`; `out` must hold `max(n, n - r + a)` values and
 * may be `sorted` itself (the merge then runs in place). Returns the output length. Two linear passes (drop
 * the removed values, then merge the added ones in from the end), each with one data-dependent branch per
 * value instead of the three of a single three-way merge. `at` offsets `sorted` and `out` (both start
 * there) and `removedAt` offsets `removed`, so all three can live in one buffer.
 */
export function mergeWindow(
  sorted: Float64Array,
  n: number,
  removed: Float64Array,
  r: number,
  added: Float64Array,
  from: number,
  a: number,
  out: Float64Array,
  at = 0,
  removedAt = 0,
): number {
  let m = at;
  let d = removedAt;
  const removedEnd = removedAt + r;
  for (let i = at; i < at + n; i++) {
    const v = sorted[i]!;
    out[m] = v;
    if (d < removedEnd && v === removed[d]) d++;
    else m++;
  }
  let i = m - 1;
  let o = m + a - 1;
  for (let k = from + a - 1; k >= from; ) {
    const y = added[k]!;
    if (i >= at && out[i]! > y) out[o--] = out[i--]!;
    else {
      out[o--] = y;
      k--;
    }
  }
  return m - at + a;
}
