import { InvalidOptionError } from '../errors.js';
import { SlotHeap } from './slot-heap.js';

/** Default number of most recent values a `SlidingMedian` covers. */
export const DEFAULT_MEDIAN_WINDOW = 100;

/** Largest accepted window (positions are 32-bit integers). */
export const MAX_MEDIAN_WINDOW = 1 << 24;

const INITIAL_CAPACITY = 8;

/** Throws `InvalidOptionError` naming `option` unless `window` is an integer in [1, MAX_MEDIAN_WINDOW]. */
export function checkWindow(option: string, window: number): void {
  if (!Number.isInteger(window) || window < 1 || window > MAX_MEDIAN_WINDOW) {
    throw new InvalidOptionError(option, `must be an integer from 1 to ${MAX_MEDIAN_WINDOW}, got ${window}`);
  }
}

/**
 * Median of the last `window` finite values pushed, in O(log window) per push and O(window) memory.
 *
 * Two indexed heaps hold the window: a max-heap of the lower half (stored negated in a min-heap) and a
 * min-heap of the upper half, with the lower half holding the extra value when the count is odd. Each
 * value lives in a ring slot; the slot's heap position is tracked, so the value leaving the window is
 * removed exactly (no lazy deletion). Storage grows by doubling up to the window and is then reused, so
 * pushes allocate nothing once warm.
 *
 * Non-finite values (NaN, ±Infinity) are ignored and counted in `rejected`; `-0` is stored as `+0`.
 */
export class SlidingMedian {
  /** Number of values the median covers once full. */
  readonly window: number;
  /** Non-finite values ignored since construction or the last `clear()`. */
  rejected = 0;
  private pos: Int32Array;
  private readonly low: SlotHeap;
  private readonly high: SlotHeap;
  private next = 0;
  private runningSum = 0;
  private opsSinceResum = 0;
  private maxAbsSinceResum = 0;

  /** Creates an empty median over the last `window` values (default 100). Throws `InvalidOptionError`. */
  constructor(window: number = DEFAULT_MEDIAN_WINDOW) {
    checkWindow('window', window);
    this.window = window;
    const capacity = Math.min(window, INITIAL_CAPACITY);
    this.pos = new Int32Array(capacity);
    // The lower half holds at most ceil(w/2) values, plus one for a moment before rebalancing.
    const halfCapacity = Math.ceil(window / 2) + 1;
    this.low = new SlotHeap(capacity, halfCapacity, this.pos, -1);
    this.high = new SlotHeap(capacity, halfCapacity, this.pos, 0);
  }

  /** Number of values currently in the window. */
  get size(): number {
    return this.low.size + this.high.size;
  }

  /** Adds `x`, evicting the oldest value when the window is full. Non-finite `x` is counted and ignored. */
  push(x: number): void {
    if (!Number.isFinite(x)) {
      this.rejected++;
      return;
    }
    const value = x + 0;
    const slot = this.next;
    this.next = slot + 1 === this.window ? 0 : slot + 1;
    this.trackSum(value, 1);
    if (this.size === this.window) {
      this.replace(slot, value);
      return;
    }
    if (slot === this.pos.length) this.growSlots();
    this.insert(value, slot);
  }

  /** Median of the values in the window (mean of the two middle values when even); NaN when empty. */
  median(): number {
    const low = this.low;
    if (low.size === 0) return Number.NaN;
    const lowTop = -low.topKey();
    if (low.size > this.high.size) return lowTop;
    // Halving first cannot overflow, and equals (a + b) / 2 whenever that is finite and not subnormal.
    return lowTop / 2 + this.high.topKey() / 2;
  }

  /**
   * Arithmetic mean of the values in the window; NaN when empty. Kept as a running sum; when the sum's
   * worst-case rounding error (from large values added or removed since it was last recomputed) could
   * exceed 1e-10 of its magnitude, it is recomputed from the window in O(window). When the sum
   * overflows, the mean is computed from pre-scaled values.
   */
  mean(): number {
    const n = this.size;
    if (n === 0) return Number.NaN;
    const errorBound = this.opsSinceResum * n * this.maxAbsSinceResum * Number.EPSILON;
    // Negated so that a NaN sum (Infinity - Infinity) also triggers the recompute.
    if (!(errorBound <= Math.abs(this.runningSum) * 1e-10)) this.resum();
    const mean = this.runningSum / n;
    if (Number.isFinite(mean)) return mean;
    const scale = 1 / n;
    return this.high.scaledSum(scale) - this.low.scaledSum(scale);
  }

  /** Forgets every value and resets `rejected`; keeps the storage already allocated. */
  clear(): void {
    this.low.size = 0;
    this.high.size = 0;
    this.next = 0;
    this.rejected = 0;
    this.runningSum = 0;
    this.opsSinceResum = 0;
    this.maxAbsSinceResum = 0;
  }

  /**
   * Puts `value` into the full window in place of the value in `slot` (the oldest), keeping both halves'
   * sizes: the new value takes the old one's heap position, unless it belongs to the other half, in
   * which case that half's top crosses over into the old position and the new value takes its place.
   */
  private replace(slot: number, value: number): void {
    const low = this.low;
    const high = this.high;
    const at = this.pos[slot]!;
    if (at < 0) {
      this.trackSum(-low.keyAt(~at), -1);
      if (high.size === 0 || value <= high.topKey()) low.replaceAt(~at, -value, slot);
      else {
        low.replaceAt(~at, -high.topKey(), high.topSlot());
        high.replaceAt(0, value, slot);
      }
    } else {
      this.trackSum(high.keyAt(at), -1);
      if (value >= -low.topKey()) high.replaceAt(at, value, slot);
      else {
        high.replaceAt(at, -low.topKey(), low.topSlot());
        low.replaceAt(0, -value, slot);
      }
    }
  }

  private insert(value: number, slot: number): void {
    const low = this.low;
    const high = this.high;
    if (low.size > 0 && value <= -low.topKey()) low.insert(-value, slot);
    else if (high.size > 0 && value >= high.topKey()) high.insert(value, slot);
    // Between the halves (or a half is empty): either side keeps the order; pick the smaller one.
    else if (low.size <= high.size) low.insert(-value, slot);
    else high.insert(value, slot);
    this.rebalance();
  }

  /** After one insertion the halves differ by at most 2; one move restores 0 or 1. */
  private rebalance(): void {
    const low = this.low;
    const high = this.high;
    if (low.size > high.size + 1) {
      const key = low.topKey();
      const slot = low.topSlot();
      low.removeAt(0);
      high.insert(-key, slot);
    } else if (high.size > low.size) {
      const key = high.topKey();
      const slot = high.topSlot();
      high.removeAt(0);
      low.insert(-key, slot);
    }
  }

  private trackSum(value: number, sign: 1 | -1): void {
    this.runningSum += sign * value;
    this.opsSinceResum++;
    const magnitude = Math.abs(value);
    if (magnitude > this.maxAbsSinceResum) this.maxAbsSinceResum = magnitude;
  }

  private resum(): void {
    this.runningSum = this.high.sum() - this.low.sum();
    this.opsSinceResum = 0;
    this.maxAbsSinceResum = Math.max(this.high.maxAbs(), this.low.maxAbs());
  }

  private growSlots(): void {
    const pos = new Int32Array(Math.min(this.window, this.pos.length * 2));
    pos.set(this.pos);
    this.pos = pos;
    this.low.pos = pos;
    this.high.pos = pos;
  }
}
