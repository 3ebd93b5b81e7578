/** Lowercase hex conversion of trace and span ids through lookup tables. */
import { Buffer } from 'node:buffer';

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The two lowercase hex digit codes of each byte value, at `2 * byte` and `2 * byte + 1`. */
const HEX_CODES: Uint8Array = (() => {
  const digits = '0123456789abcdef';
  const table = new Uint8Array(512);
  for (let i = 0; i < 256; i++) {
    table[2 * i] = digits.charCodeAt(i >> 4);
    table[2 * i + 1] = digits.charCodeAt(i & 15);
  }
  return table;
})();

/**
 * The lowercase hex string of the 8 bytes at `bytes[from]` (a span id), built in one call from a code
 * table: no native call, one flat string.
 */
export function hex8(bytes: Uint8Array, from: number): string {
  const t = HEX_CODES;
  const a = bytes[from]! << 1;
  const b = bytes[from + 1]! << 1;
  const c = bytes[from + 2]! << 1;
  const d = bytes[from + 3]! << 1;
  const e = bytes[from + 4]! << 1;
  const f = bytes[from + 5]! << 1;
  const g = bytes[from + 6]! << 1;
  const h = bytes[from + 7]! << 1;
  return String.fromCharCode(
    t[a]!,
    t[a + 1]!,
    t[b]!,
    t[b + 1]!,
    t[c]!,
    t[c + 1]!,
    t[d]!,
    t[d + 1]!,
    t[e]!,
    t[e + 1]!,
    t[f]!,
    t[f + 1]!,
    t[g]!,
    t[g + 1]!,
    t[h]!,
    t[h + 1]!,
  );
}

/** Value of each ASCII hex digit (either case); 255 for every other character code below 128. */
const HEX_VALUES: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(255);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
})();

/** The lowercase hex string of `bytes[start, end)`. */
export function bytesToHex(bytes: Uint8Array, start: number, end: number): string {
  // Native, one string allocated (concatenating pairs builds a string per byte).
  if (end - start >= 8) return Buffer.prototype.hexSlice.call(bytes, start, end);
  let hex = '';
  for (let i = start; i < end; i++) hex += HEX_PAIRS[bytes[i]!]!;
  return hex;
}

/**
 * Writes the `hex.length >> 1` bytes of a hex string into `out` at `offset`. Returns false when a
 * character is not a hex digit (its nibble is written as 0), so the output size never depends on content.
 */
export function hexToBytesInto(hex: string, out: Uint8Array, offset: number): boolean {
  let valid = true;
  for (let i = 0, o = offset, n = hex.length >> 1; o < offset + n; i += 2, o++) {
    const hi = hexValue(hex.charCodeAt(i));
    const lo = hexValue(hex.charCodeAt(i + 1));
    if ((hi | lo) > 15) valid = false;
    out[o] = ((hi & 15) << 4) | (lo & 15);
  }
  return valid;
}

/** True when `hex` has exactly `length` lowercase or uppercase hex digits. */
export function isHex(hex: string, length: number): boolean {
  if (hex.length !== length) return false;
  for (let i = 0; i < length; i++) if (hexValue(hex.charCodeAt(i)) > 15) return false;
  return true;
}

/** True when every byte of `bytes[start, end)` is zero. */
export function allZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

function hexValue(code: number): number {
  return code < 128 ? HEX_VALUES[code]! : 255;
}
