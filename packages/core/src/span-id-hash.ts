/**
 * A 52-bit hash of a span id, exact in a double. A canonical id (16 lowercase hex digits) is read as two
 * 32-bit words, mixed by a 64-bit bijection (three Feistel rounds of MurmurHash3's 32-bit finalizer) and
 * cut to 52 bits, so every digit counts: two distinct ids share a hash with probability ~2^-52, also
 * when they differ only in their last digits (sequential ids). Other strings get a negative number (from
 * `textHash52`), so they never equal the hash of a canonical id.
 */
export function spanIdHash(spanId: string): number {
  if (spanId.length !== 16) return fallbackHash(spanId);
  let high = 0;
  let low = 0;
  let bad = 0;
  for (let i = 0; i < 8; i++) {
    const code = spanId.charCodeAt(i);
    const digit = code < 128 ? HEX_DIGITS[code]! : -1;
    bad |= digit;
    high = (high << 4) | digit;
  }
  for (let i = 8; i < 16; i++) {
    const code = spanId.charCodeAt(i);
    const digit = code < 128 ? HEX_DIGITS[code]! : -1;
    bad |= digit;
    low = (low << 4) | digit;
  }
  if (bad < 0) return fallbackHash(spanId);
  const right = low ^ mix32(high ^ 0x9e3779b9);
  const left = high ^ mix32(right ^ 0x7f4a7c15);
  const last = right ^ mix32(left ^ 0x2545f491);
  return (left >>> 12) * 0x100000000 + (last >>> 0);
}

/** Value of each lowercase hex digit, -1 for every other character code below 128. */
const HEX_DIGITS: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) table[97 + i] = 10 + i;
  return table;
})();

/** Negative, so it never equals the hash of a hex id. */
function fallbackHash(spanId: string): number {
  return -1 - textHash52(spanId);
}

/**
 * A 52-bit hash of a whole string (two 32-bit FNV-1a lanes, each finished with MurmurHash3's mixer),
 * exact in a double, so sets of them hold numbers instead of strings. Ids that differ anywhere differ
 * here too, except with probability ~2^-52 per pair.
 */
export function textHash52(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return (mix32(a) >>> 12) * 0x100000000 + (mix32(b ^ text.length) >>> 0);
}

function mix32(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}
