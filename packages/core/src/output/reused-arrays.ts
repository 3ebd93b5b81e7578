/**
 * Typed arrays reused from one `materialize` call to the next. A small trace's output needs about ten
 * per-span arrays (keep mask, anchors, residual hashes, self times, ...); allocated per call, each small
 * typed array costs about 150 bytes of young-generation garbage, more than its contents. `materialize` is
 * synchronous and returns none of them, so one set per module is enough.
 *
 * `take(n)` returns the same array for the same `n` until a call with another size (one `materialize` call
 * takes each array several times for its trace), at least `n` elements with stale contents: callers write
 * before they read and never use `length`. An array grown past `MAX_REUSED` elements for a huge trace is
 * dropped at the next smaller `take`, so a rare huge trace does not pin its buffers for the process's life.
 */
const MAX_REUSED = 4096;
const MIN_CAPACITY = 64;

type Typed = Float64Array | Int32Array | Uint8Array;

class Reused<T extends Typed> {
  private array: T;

  constructor(private readonly make: (length: number) => T) {
    this.array = make(MIN_CAPACITY);
  }

  /** At least `n` elements, contents stale; the same array as the previous `take(n)`. */
  take(n: number): T {
    const length = this.array.length;
    if (length < n || (length > MAX_REUSED && n < length)) this.array = this.make(Math.max(n, MIN_CAPACITY));
    return this.array;
  }
}

/** A reused Float64Array (see the module comment). */
export class ReusedFloat64 extends Reused<Float64Array> {
  constructor() {
    super((length) => new Float64Array(length));
  }
}

/** A reused Int32Array (see the module comment). */
export class ReusedInt32 extends Reused<Int32Array> {
  constructor() {
    super((length) => new Int32Array(length));
  }
}

/** A reused Uint8Array (see the module comment). */
export class ReusedUint8 extends Reused<Uint8Array> {
  constructor() {
    super((length) => new Uint8Array(length));
  }
}

/** Below this length a loop fills an array faster than `fill` (a builtin call costs about 20 ns). */
const LOOP_FILL = 64;

/**
 * Sets the first `n` elements of `array` to `value` and returns it: by a loop for the few elements of a
 * small trace (about 3 times faster than `fill` at 4 elements), by `fill` past that.
 */
export function fillPrefix<T extends Typed>(array: T, value: number, n: number): T {
  if (n > LOOP_FILL) return array.fill(value, 0, n) as T;
  for (let i = 0; i < n; i++) array[i] = value;
  return array;
}
