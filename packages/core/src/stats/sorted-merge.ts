/** Sorts `values[0..n)` ascending in place (insertion sort: for the handful of values of one batch). */
export function insertionSort(values: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const x = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > x) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = x;
  }
}

/**
 * Writes into `out` the sorted multiset `sorted[0..n) − removed[0..r) + added[0..a)`; all three inputs
 * ascending, every removed value present in `sorted`; `out` must hold `max(n, n - r + a)` values. Returns the output
 * length. Two linear passes (drop the removed values, then merge the added ones in from the end), each
 * with one data-dependent branch per value instead of the three of a single three-way merge.
 */
export function mergeWindow(
  sorted: Float64Array,
  n: number,
  removed: Float64Array,
  r: number,
  added: Float64Array,
  a: number,
  out: Float64Array,
): number {
  let m = 0;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    out[m] = v;
    if (d < r && v === removed[d]) d++;
    else m++;
  }
  let i = m - 1;
  let o = m + a - 1;
  for (let k = a - 1; k >= 0; ) {
    const y = added[k]!;
    if (i >= 0 && out[i]! > y) out[o--] = out[i--]!;
    else {
      out[o--] = y;
      k--;
    }
  }
  return m + a;
}
