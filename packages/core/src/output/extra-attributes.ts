import type { KeyValue } from '../model.js';

/** The attributes `materialize` adds to one output span (a view: read it before the next span). */
export interface AddedAttributes {
  /** How many there are. */
  readonly count: number;
  /** The k-th, for 0 <= k < count. */
  at(k: number): KeyValue;
}

/**
 * The attributes `materialize` adds to one output span, collected in one list reused for every span (no
 * array per kept span) and copied once into the span's new attribute array, of the exact length. The
 * last spans' attributes stay referenced until overwritten (a few objects, no more than one span has).
 */
export class ExtraAttributes implements AddedAttributes {
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

  at(k: number): KeyValue {
    return this.items[k]!;
  }
}

/** `attributes` followed by the added ones, as a new array of the exact length. */
export function appendAttributes(attributes: readonly KeyValue[], added: AddedAttributes): KeyValue[] {
  const base = attributes.length;
  const out = new Array<KeyValue>(base + added.count);
  for (let k = 0; k < base; k++) out[k] = attributes[k]!;
  for (let k = 0; k < added.count; k++) out[base + k] = added.at(k);
  return out;
}
