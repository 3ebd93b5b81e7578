/**
 * A binary min-heap of `(key, slot)` pairs that records where each slot sits, so any slot can be removed
 * in O(log n). Two heaps share one position table: a heap writes `index ^ tag` into `pos[slot]`, so with
 * tags `0` and `-1` the sign of `pos[slot]` tells which heap holds the slot.
 *
 * Storage is typed arrays that grow by doubling (never shrink), so steady-state operations allocate nothing.
 * Internal building block of `SlidingMedian`; callers keep `pos` large enough for every slot they insert.
 */
export class SlotHeap {
  /** Keys in heap order; only `[0, size)` is meaningful. */
  keys: Float64Array;
  /** Slot of each key, aligned with `keys`. */
  slots: Int32Array;
  /** Shared table: `pos[slot] === index ^ tag` for every slot held by this heap. */
  pos: Int32Array;
  /** Number of entries. */
  size = 0;
  private readonly tag: number;

  /** Creates an empty heap with room for `capacity` entries (at least 1) writing positions with `tag`. */
  constructor(capacity: number, pos: Int32Array, tag: 0 | -1) {
    const n = Math.max(1, capacity);
    this.keys = new Float64Array(n);
    this.slots = new Int32Array(n);
    this.pos = pos;
    this.tag = tag;
  }

  /** Smallest key; meaningless when empty. */
  topKey(): number {
    return this.keys[0]!;
  }

  /** Slot of the smallest key; meaningless when empty. */
  topSlot(): number {
    return this.slots[0]!;
  }

  /** Adds `key` for `slot`. */
  insert(key: number, slot: number): void {
    if (this.size === this.keys.length) this.grow();
    this.siftUp(this.size++, key, slot);
  }

  /** Removes the entry at heap index `i` (0 <= i < size). */
  removeAt(i: number): void {
    const last = --this.size;
    if (i === last) return;
    const key = this.keys[last]!;
    const slot = this.slots[last]!;
    if (i > 0 && this.keys[(i - 1) >> 1]! > key) this.siftUp(i, key, slot);
    else this.siftDown(i, key, slot);
  }

  /** Sum of all keys, in heap order. */
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += this.keys[i]!;
    return s;
  }

  /** Largest absolute key; 0 when empty. */
  maxAbs(): number {
    let m = 0;
    for (let i = 0; i < this.size; i++) m = Math.max(m, Math.abs(this.keys[i]!));
    return m;
  }

  /** Sum of `key * scale` over all keys (used when the plain sum overflows). */
  scaledSum(scale: number): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += this.keys[i]! * scale;
    return s;
  }

  private place(i: number, key: number, slot: number): void {
    this.keys[i] = key;
    this.slots[i] = slot;
    this.pos[slot] = i ^ this.tag;
  }

  private siftUp(start: number, key: number, slot: number): void {
    const keys = this.keys;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent]!;
      if (parentKey <= key) break;
      this.place(i, parentKey, this.slots[parent]!);
      i = parent;
    }
    this.place(i, key, slot);
  }

  private siftDown(start: number, key: number, slot: number): void {
    const keys = this.keys;
    const n = this.size;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let childKey = keys[child]!;
      const right = child + 1;
      if (right < n && keys[right]! < childKey) {
        child = right;
        childKey = keys[right]!;
      }
      if (childKey >= key) break;
      this.place(i, childKey, this.slots[child]!);
      i = child;
    }
    this.place(i, key, slot);
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const slots = new Int32Array(this.slots.length * 2);
    slots.set(this.slots);
    this.slots = slots;
  }
}
