import type { KeyValue } from '../model.js';

/**
 * The attributes `materialize` adds to one output span, collected in one list reused for every span (no
 * array per kept span) and copied once into the span's new attribute array, of the exact length. The
 * last spans' attributes stay referenced until overwritten (a few objects, no more than one span has).
 */
export class ExtraAttributes {
  private readonly items: KeyValue[] = [];
  /** How many attributes were added since `clear`. */
  count = 0;

  /** Starts a new span's list. */
  clear(): void {
    this.count = 0;
  }

  add(kv: KeyValue): void {
    this.items[this.count++] = kv;
  }

  addAll(kvs: readonly KeyValue[]): void {
    for (let k = 0; k < kvs.length; k++) this.add(kvs[k]!);
  }

  /** `attributes` followed by the added attributes, as a new array of the exact length. */
  appendedTo(attributes: readonly KeyValue[]): KeyValue[] {
    const base = attributes.length;
    const out = new Array<KeyValue>(base + this.count);
    for (let k = 0; k < base; k++) out[k] = attributes[k]!;
    for (let k = 0; k < this.count; k++) out[base + k] = this.items[k]!;
    return out;
  }
}
