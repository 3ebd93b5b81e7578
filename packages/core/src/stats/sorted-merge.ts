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
 * Writes into `out` the sorted multiset `sorted[0..n) − removed[0..r) + added[0..a)` in one linear pass;
 * all three inputs ascending, every removed value present in `sorted`. Returns the output length.
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
  let i = 0;
  let d = 0;
  let k = 0;
  let o = 0;
  while (i < n || k < a) {
    if (i < n && d < r && sorted[i] === removed[d]) {
      i++;
      d++;
    } else if (k >= a || (i < n && sorted[i]! <= added[k]!)) out[o++] = sorted[i++]!;
    else out[o++] = added[k++]!;
  }
  return o;
}
