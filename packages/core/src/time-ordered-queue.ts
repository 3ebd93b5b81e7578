/**
 * A binary min-heap of items by a numeric time, with insertion order breaking ties (stable), so items
 * come out in time order, and equal times in arrival order.
 */
export class TimeOrderedQueue<T> {
  private readonly items: { time: number; seq: number; item: T }[] = [];
  private seq = 0;

  /** Number of items held. */
  get size(): number {
    return this.items.length;
  }

  /** The earliest time held; +Infinity when empty. */
  peekTime(): number {
    return this.items[0]?.time ?? Number.POSITIVE_INFINITY;
  }

  /** Adds an item at a time (NaN counts as -Infinity, so it leaves first). */
  push(time: number, item: T): void {
    const entry = { time: Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time, seq: this.seq++, item };
    const items = this.items;
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = entry;
  }

  /** Removes and returns the earliest item; undefined when empty. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top?.item;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length && before(items[child + 1]!, items[child]!)) child++;
      if (!before(items[child]!, last)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top.item;
  }
}

function before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  // The sequence numbers are compared on every call: equal times come after the queue is compiled, and a
  // read or comparison first made then would throw the compiled code away.
  const earlierSeq = a.seq < b.seq;
  return a.time < b.time || (a.time === b.time && earlierSeq);
}
