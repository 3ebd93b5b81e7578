/** What a decision exported for one trace: the root's span id and the ids of the spans exported. */
export interface DecidedRecord {
  readonly rootSpanId: string;
  readonly ids: readonly string[];
}

const EMPTY = -1;
const TRACE_WORDS = 4;
const HEADER = TRACE_WORDS + 3; // trace id, count, root id

/**
 * One generation of decided traces in typed arrays: an open-addressing table of offsets into a pool of
 * 32-bit words holding each trace's id, its root's id and its exported span ids (W3C ids are lowercase
 * hex: 32 and 16 digits). Tens of thousands of traces are held for seconds, so they outlive the young
 * generation: as JS objects (a record, an array, the SDK's id strings) every one of them was copied by
 * the garbage collector and promoted, and the per-trace cost of that showed in every scavenge. Here
 * a trace costs no object at all. Ids that are not such hex (hand-made spans) go to a plain Map.
 */
export class DecidedStore {
  private slots: Int32Array;
  private pool: Uint32Array;
  private used = 0;
  private count = 0;
  private written = 0;
  private readonly others = new Map<string, DecidedRecord>();
  private readonly scratch = new Uint32Array(TRACE_WORDS);

  /** A store for about `capacity` traces (it grows past that). */
  constructor(capacity: number) {
    this.slots = new Int32Array(tableSize(capacity)).fill(EMPTY);
    this.pool = new Uint32Array(Math.max(1024, capacity * 8));
  }

  /**
   * Records written since the last `clear`, replaced ones included: what bounds the pool (a trace stored
   * again takes new words), so rotating generations on it bounds the memory.
   */
  get size(): number {
    return this.written + this.others.size;
  }

  /**
   * Records (or replaces) what was exported for `traceId`: the ids `ids[from, from + count)` (by default
   * all of them).
   */
  set(
    traceId: string,
    rootSpanId: string,
    ids: readonly string[],
    from = 0,
    count = ids.length - from,
  ): void {
    if (this.setHex(traceId, rootSpanId, ids, from, count)) {
      if (this.others.size > 0) this.others.delete(traceId);
    } else this.others.set(traceId, { rootSpanId, ids: ids.slice(from, from + count) });
  }

  has(traceId: string): boolean {
    return (this.others.size > 0 && this.others.has(traceId)) || this.slotOf(traceId) >= 0;
  }

  /** The record of `traceId` (ids decoded back to strings), or undefined. */
  get(traceId: string): DecidedRecord | undefined {
    const other = this.others.size > 0 ? this.others.get(traceId) : undefined;
    if (other !== undefined) return other;
    const slot = this.slotOf(traceId);
    if (slot < 0) return undefined;
    const pool = this.pool;
    let at = this.slots[slot]! + TRACE_WORDS;
    const n = pool[at++]!;
    const rootSpanId = hexOf(pool[at]!, pool[at + 1]!);
    const ids: string[] = new Array(n);
    for (let i = 0, p = at + 2; i < n; i++, p += 2) ids[i] = hexOf(pool[p]!, pool[p + 1]!);
    return { rootSpanId, ids };
  }

  /** Forgets everything, keeping the arrays. */
  clear(): void {
    this.slots.fill(EMPTY);
    this.used = 0;
    this.count = 0;
    this.written = 0;
    this.others.clear();
  }

  private setHex(
    traceId: string,
    rootSpanId: string,
    ids: readonly string[],
    from: number,
    count: number,
  ): boolean {
    if (!parseWords(traceId, 32, this.scratch, 0)) return false;
    const at = this.reserve(HEADER + count * 2);
    const pool = this.pool;
    const scratch = this.scratch;
    // Four words by hand: `pool.set(scratch, at)` is a builtin call that cost more than the copy.
    pool[at] = scratch[0]!;
    pool[at + 1] = scratch[1]!;
    pool[at + 2] = scratch[2]!;
    pool[at + 3] = scratch[3]!;
    pool[at + TRACE_WORDS] = count;
    const root = at + TRACE_WORDS + 1;
    if (!parseWords(rootSpanId, 16, pool, root)) return false;
    for (let i = 0; i < count; i++) {
      const into = at + HEADER + i * 2;
      const id = ids[from + i]!;
      // The root is always exported: its words are copied, not parsed again.
      if (id === rootSpanId) {
        pool[into] = pool[root]!;
        pool[into + 1] = pool[root + 1]!;
      } else if (!parseWords(id, 16, pool, into)) return false;
    }
    this.used = at + HEADER + count * 2;
    this.written++;
    this.insert(at);
    return true;
  }

  /** Makes room for `words` more words in the pool and returns where they start. */
  private reserve(words: number): number {
    if (this.used + words > this.pool.length) {
      const grown = new Uint32Array(Math.max(this.pool.length * 2, this.used + words));
      grown.set(this.pool.subarray(0, this.used));
      this.pool = grown;
    }
    return this.used;
  }

  private insert(at: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.rehash();
    const mask = this.slots.length - 1;
    for (let slot = hashOf(this.pool, at) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held === EMPTY) this.count++;
      else if (!sameTrace(this.pool, held, at)) continue;
      this.slots[slot] = at;
      return;
    }
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY);
    this.count = 0;
    for (let i = 0; i < old.length; i++) if (old[i]! !== EMPTY) this.insert(old[i]!);
  }

  private slotOf(traceId: string): number {
    if (this.count === 0 || !parseWords(traceId, 32, this.scratch, 0)) return -1;
    const probe = this.scratch;
    const mask = this.slots.length - 1;
    for (let slot = hashOf(probe, 0) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held === EMPTY) return -1;
      if (sameTraceAs(this.pool, held, probe)) return slot;
    }
  }
}

function tableSize(capacity: number): number {
  let size = 1024;
  while (size < capacity * 2) size *= 2;
  return size;
}

function hashOf(words: Uint32Array, at: number): number {
  return Math.imul(words[at + 3]! ^ Math.imul(words[at + 2]!, 0x9e3779b1), 0x85ebca6b) >>> 7;
}

function sameTrace(pool: Uint32Array, a: number, b: number): boolean {
  for (let i = 0; i < TRACE_WORDS; i++) if (pool[a + i] !== pool[b + i]) return false;
  return true;
}

function sameTraceAs(pool: Uint32Array, at: number, probe: Uint32Array): boolean {
  for (let i = 0; i < TRACE_WORDS; i++) if (pool[at + i] !== probe[i]) return false;
  return true;
}

/**
 * Value of every UTF-16 code unit as a lowercase hex digit, -1 when it is none: indexed by the code unit
 * itself, so no range check per character (64 KiB, of which the two cache lines of '0'-'9' and 'a'-'f'
 * are read for W3C ids).
 */
const HEX_DIGIT = new Int8Array(65536).fill(-1);
for (let c = 0; c < 10; c++) HEX_DIGIT[48 + c] = c;
for (let c = 0; c < 6; c++) HEX_DIGIT[97 + c] = 10 + c;

/**
 * Writes a `digits`-long (a multiple of 8) lowercase hex id as 32-bit words at `at`; false when it is not
 * such an id (the words are then garbage). Eight table lookups per word, unrolled, and int32 shifts, with
 * no branch per character: a 16- or 32-digit id in about 46 ns against 60 for a loop per digit (three
 * ids per decided local trace).
 */
function parseWords(id: string, digits: number, into: Uint32Array, at: number): boolean {
  if (id.length !== digits) return false;
  const table = HEX_DIGIT;
  let bad = 0;
  for (let w = 0, i = 0; i < digits; w++, i += 8) {
    const d0 = table[id.charCodeAt(i)]!;
    const d1 = table[id.charCodeAt(i + 1)]!;
    const d2 = table[id.charCodeAt(i + 2)]!;
    const d3 = table[id.charCodeAt(i + 3)]!;
    const d4 = table[id.charCodeAt(i + 4)]!;
    const d5 = table[id.charCodeAt(i + 5)]!;
    const d6 = table[id.charCodeAt(i + 6)]!;
    const d7 = table[id.charCodeAt(i + 7)]!;
    bad |= d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7;
    into[at + w] =
      (d0 << 28) | (d1 << 24) | (d2 << 20) | (d3 << 16) | (d4 << 12) | (d5 << 8) | (d6 << 4) | d7;
  }
  return bad >= 0;
}

function hexOf(high: number, low: number): string {
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
