/**
 * A 52-bit number from a span id (its first 13 hex digits; other strings are hashed to a negative
 * number), exact in a double. Two ids of one trace sharing it is as unlikely as a 52-bit collision; where
 * it is used, the cost would be one late span counted as a duplicate.
 */
export function spanIdHash(spanId: string): number {
  if (spanId.length < 13) return fallbackHash(spanId);
  let value = 0;
  let bad = 0;
  for (let i = 0; i < 13; i++) {
    const code = spanId.charCodeAt(i);
    const digit = code < 128 ? HEX_DIGITS[code]! : -1;
    bad |= digit;
    value = value * 16 + digit;
  }
  return bad < 0 ? fallbackHash(spanId) : value;
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
  let h = 0;
  for (let i = 0; i < spanId.length; i++) h = (Math.imul(h, 31) + spanId.charCodeAt(i)) | 0;
  return -1 - (h >>> 0);
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
