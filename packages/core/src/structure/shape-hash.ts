/**
 * 52-bit structural hashes, exact in a JavaScript number, for span labels and subtree shapes.
 *
 * A subtree's shape hash depends on its root label and the multiset of its children's shape hashes, not
 * on their order, so two subtrees hash alike exactly when they are the same unordered labelled tree (up to
 * hash collisions, which at 52 bits are negligible for the millions of distinct shapes a model holds).
 */

const LANE_MASK_HIGH = 0x100000; // 2^20: the high lane keeps 32 bits, the low lane 20.

/** Hash of a string (two independent 32-bit FNV-1a lanes combined into 52 bits). */
export function hashString(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return combine(a, b);
}

/** The label of a span in shapes: its service and name. */
export function labelOf(service: string, name: string): string {
  return `${service}\u0000${name}`;
}

/** Splits a label made by `labelOf`. */
export function splitLabel(label: string): { service: string; name: string } {
  const cut = label.indexOf('\u0000');
  return cut < 0
    ? { service: '', name: label }
    : { service: label.slice(0, cut), name: label.slice(cut + 1) };
}

/** Hash of a hole: the place of a kept span inside a dropped region, known only by its label. */
export function holeHash(labelHash: number): number {
  return mix(labelHash, 0x686f6c65, 1);
}

/**
 * Hash of a node from its label hash and its children's hashes. `children` is sorted in place; identical
 * child hashes count as a multiset.
 */
export function nodeHash(labelHash: number, children: number[]): number {
  sortNumbers(children);
  let h = mix(labelHash, 0x6e6f6465, children.length);
  for (let k = 0; k < children.length; k++) h = mix(h, children[k]!, 7);
  return h;
}

/** Ascending sort in place; insertion sort for the few children most nodes have (no allocation). */
function sortNumbers(values: number[]): void {
  if (values.length > 16) {
    values.sort(numeric);
    return;
  }
  for (let k = 1; k < values.length; k++) {
    const x = values[k]!;
    let j = k - 1;
    while (j >= 0 && values[j]! > x) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = x;
  }
}

function numeric(a: number, b: number): number {
  return a - b;
}

/**
 * Mixes `value` into `h`; both are non-negative integers below 2^52 (hashes, counts, constants). Lanes
 * are split with a floor and an exact multiply-subtract: the same as `% LANE_MASK_HIGH` for such numbers,
 * without the floating-point remainder (a library call per use).
 */
function mix(h: number, value: number, salt: number): number {
  const hi = Math.floor(h / LANE_MASK_HIGH);
  const lo = h - hi * LANE_MASK_HIGH;
  const vHi = Math.floor(value / LANE_MASK_HIGH);
  const vLo = value - vHi * LANE_MASK_HIGH;
  let a = Math.imul(hi ^ vLo ^ salt, 0x9e3779b1);
  a ^= a >>> 16;
  a = Math.imul(a ^ vHi, 0x85ebca6b);
  a ^= a >>> 13;
  let b = Math.imul(lo ^ vHi ^ (salt << 7), 0xc2b2ae35);
  b ^= b >>> 15;
  b = Math.imul(b ^ vLo ^ a, 0x27d4eb2f);
  b ^= b >>> 16;
  return combine(a, b);
}

function combine(a: number, b: number): number {
  return (a >>> 0) * LANE_MASK_HIGH + ((b >>> 0) & (LANE_MASK_HIGH - 1));
}

/** Hash of an ordered pair of hashes (for edges: parent label then child label). */
export function pairHash(first: number, second: number): number {
  return pairHashFrom(pairSeed(first), second);
}

/** The part of `pairHash(first, second)` that depends on `first` alone (cache it per first hash). */
export function pairSeed(first: number): number {
  return mix(first, 0x70616972, 2);
}

/** `pairHash(first, second)` from `pairSeed(first)`. */
export function pairHashFrom(seed: number, second: number): number {
  return mix(seed, second, 3);
}
