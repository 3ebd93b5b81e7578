/**
 * Decoded messages remembered by their exact wire bytes. A stream repeats the same resource and scope in
 * every request: a hit returns the object decoded before, so spans of one service instance share one
 * `Resource` across requests (less decoding, fewer objects, and per-resource lookups downstream hit).
 */

/** Messages longer than this are decoded every time (not copied into the cache). */
const MAX_CACHED_BYTES = 2048;

/** A small direct-mapped cache from (message bytes, schema URL) to the decoded value. */
export class MessageCache<T> {
  private readonly keys: (Uint8Array | undefined)[];
  private readonly schemas: string[];
  private readonly values: (T | undefined)[];
  private readonly mask: number;

  /** `slots` must be a power of two. */
  constructor(slots: number) {
    this.keys = new Array<Uint8Array | undefined>(slots).fill(undefined);
    this.schemas = new Array<string>(slots).fill('');
    this.values = new Array<T | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /** The value remembered for exactly `bytes[from, end)` and `schemaUrl`, if any. */
  get(bytes: Uint8Array, from: number, end: number, schemaUrl: string): T | undefined {
    if (end - from > MAX_CACHED_BYTES) return undefined;
    const slot = this.slotOf(bytes, from, end);
    const key = this.keys[slot];
    if (key === undefined || this.schemas[slot] !== schemaUrl || !sameBytes(key, bytes, from, end))
      return undefined;
    return this.values[slot];
  }

  /** Remembers `value` as the decoding of `bytes[from, end)` with `schemaUrl` (replacing its slot). */
  set(bytes: Uint8Array, from: number, end: number, schemaUrl: string, value: T): void {
    if (end - from > MAX_CACHED_BYTES) return;
    const slot = this.slotOf(bytes, from, end);
    // A copy, also when `bytes` is a Buffer (whose slice is a view that would pin the whole input).
    this.keys[slot] = new Uint8Array(bytes.subarray(from, end));
    this.schemas[slot] = schemaUrl;
    this.values[slot] = value;
  }

  private slotOf(bytes: Uint8Array, from: number, end: number): number {
    let hash = end - from;
    for (let i = from; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
    return (hash ^ (hash >>> 15)) & this.mask;
  }
}

function sameBytes(key: Uint8Array, bytes: Uint8Array, from: number, end: number): boolean {
  if (key.length !== end - from) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[from + i]) return false;
  return true;
}
