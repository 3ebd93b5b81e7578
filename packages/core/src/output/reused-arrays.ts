/**
 * Typed arrays reused from one `materialize` call to the next. A small trace's output needs about ten
 * per-span arrays (keep mask, anchors, residual hashes, self times, ...); allocated per call, each small
 * typed array costs about 150 bytes of young-generation garbage, more than its contents. `materialize` is
 * synchronous and returns none of them, so one set per module is enough. Arrays past `MAX_REUSED`
 * elements are allocated afresh (a rare huge trace does not pin its buffers for the process's life).
 * `take(n)` returns an array of at least `n` elements with stale contents: callers write before they read
 * and never use `length`.
 */
const MAX_REUSED = 4096;
const MIN_CAPACITY = 64;

function capacityFor(n: number): number {
  return Math.max(n, MIN_CAPACITY);
}

/** A reused Float64Array (see the module comment). */
export class ReusedFloat64 {
  private array = new Float64Array(MIN_CAPACITY);

  /** At least `n` elements, contents stale. */
  take(n: number): Float64Array {
    if (n > MAX_REUSED) return new Float64Array(n);
    if (this.array.length < n) this.array = new Float64Array(capacityFor(n));
    return this.array;
  }
}

/** A reused Int32Array (see the module comment). */
export class ReusedInt32 {
  private array = new Int32Array(MIN_CAPACITY);

  /** At least `n` elements, contents stale. */
  take(n: number): Int32Array {
    if (n > MAX_REUSED) return new Int32Array(n);
    if (this.array.length < n) this.array = new Int32Array(capacityFor(n));
    return this.array;
  }
}

/** A reused Uint8Array (see the module comment). */
export class ReusedUint8 {
  private array = new Uint8Array(MIN_CAPACITY);

  /** At least `n` elements, contents stale. */
  take(n: number): Uint8Array {
    if (n > MAX_REUSED) return new Uint8Array(n);
    if (this.array.length < n) this.array = new Uint8Array(capacityFor(n));
    return this.array;
  }
}
