/**
 * A binary min-heap of `(key, slot)` pairs that records where each slot sits, so any slot can be removed
 * or replaced in O(log n). Two heaps share one position table: a heap writes `index ^ tag` into
 * `pos[slot]`, so with tags `0` and `-1` the sign of `pos[slot]` tells which heap holds the slot.
 *
 * Entries are interleaved in one `Float64Array` (`[key0, slot0, key1, slot1, ...]`) so each step of a
 * sift touches one cache line; storage grows by doubling (never shrinks), so steady-state operations
 * allocate nothing. Internal building block of `SlidingMedian`; callers keep `pos` large enough for every
 * slot they insert.
 */
export class SlotHeap {
  /** Shared table: `pos[slot] === index ^ tag` for every slot held by this heap. */
  pos: Int32Array;
  /** Number of entries. */
  size = 0;
  private data: Float64Array;
  private readonly tag: number;
  private readonly maxCapacity: number;

  /**
   * Creates an empty heap with room for `capacity` entries, growing up to `maxCapacity` entries (the most
   * it will ever hold), writing positions with `tag`.
   */
  constructor(capacity: number, maxCapacity: number, pos: Int32Array, tag: 0 | -1) {
    this.maxCapacity = Math.max(1, maxCapacity);
    this.data = new Float64Array(2 * Math.min(Math.max(1, capacity), this.maxCapacity));
    this.pos = pos;
    this.tag = tag;
  }

  /** Smallest key; meaningless when empty. */
  topKey(): number {
    return this.data[0]!;
  }

  /** Slot of the smallest key; meaningless when empty. */
  topSlot(): number {
    return this.data[1]!;
  }

  /** Key at heap index `i` (0 <= i < size). */
  keyAt(i: number): number {
    return this.data[2 * i]!;
  }

  /** Adds `key` for `slot`. */
  insert(key: number, slot: number): void {
    if (2 * this.size === this.data.length) this.grow();
    this.siftUp(this.size++, key, slot);
  }

  /** Removes the entry at heap index `i` (0 <= i < size). */
  removeAt(i: number): void {
    const last = --this.size;
    if (i !== last) this.replaceAt(i, this.data[2 * last]!, this.data[2 * last + 1]!);
  }

  /** Replaces the entry at heap index `i` (0 <= i < size) with `key` for `slot`, restoring heap order. */
  replaceAt(i: number, key: number, slot: number): void {
    if (i > 0 && this.data[2 * ((i - 1) >> 1)]! > key) this.siftUp(i, key, slot);
    else this.siftDown(i, key, slot);
  }

  /** Sum of all keys, in heap order. */
  sum(): number {
    let s = 0;
    for (let i = 0; i < 2 * this.size; i += 2) s += this.data[i]!;
    return s;
  }

  /** Sum of `key * scale` over all keys (used when the plain sum overflows). */
  scaledSum(scale: number): number {
    let s = 0;
    for (let i = 0; i < 2 * this.size; i += 2) s += this.data[i]! * scale;
    return s;
  }

  /** Largest absolute key; 0 when empty. */
  maxAbs(): number {
    let m = 0;
    for (let i = 0; i < 2 * this.size; i += 2) m = Math.max(m, Math.abs(this.data[i]!));
    return m;
  }

  private siftUp(start: number, key: number, slot: number): void {
    const { data, pos, tag } = this;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = data[2 * parent]!;
      if (parentKey <= key) break;
      const parentSlot = data[2 * parent + 1]!;
      data[2 * i] = parentKey;
      data[2 * i + 1] = parentSlot;
      pos[parentSlot] = i ^ tag;
      i = parent;
    }
    data[2 * i] = key;
    data[2 * i + 1] = slot;
    pos[slot] = i ^ tag;
  }

  private siftDown(start: number, key: number, slot: number): void {
    const { data, pos, tag, size } = this;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let childKey = data[2 * child]!;
      const right = child + 1;
      if (right < size && data[2 * right]! < childKey) {
        child = right;
        childKey = data[2 * right]!;
      }
      if (childKey >= key) break;
      const childSlot = data[2 * child + 1]!;
      data[2 * i] = childKey;
      data[2 * i + 1] = childSlot;
      pos[childSlot] = i ^ tag;
      i = child;
    }
    data[2 * i] = key;
    data[2 * i + 1] = slot;
    pos[slot] = i ^ tag;
  }

  private grow(): void {
    const data = new Float64Array(2 * Math.min(this.data.length, this.maxCapacity));
    data.set(this.data);
    this.data = data;
  }
}
