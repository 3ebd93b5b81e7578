/** UTF-8 helpers for the protobuf codec: exact byte lengths, validated decoding, in-place encoding. */

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** ASCII strings up to this many bytes are looked up in the intern table (span names, keys, values). */
const INTERNED_STRING = 128;
/** Strings up to this many bytes are built in JavaScript (cheaper than a native call); longer ones natively. */
const SHORT_STRING = 32;

/**
 * The number of bytes `TextEncoder` writes for `text` (a lone surrogate becomes U+FFFD, 3 bytes).
 */
export function utf8Length(text: string): number {
  const n = text.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Recently decoded short ASCII strings by hash. Telemetry repeats the same attribute keys and many of the
 * same values in every span: returning the cached string saves an allocation per string and lets spans
 * share their strings while they wait in buffers.
 */
const INTERN_SLOTS = 4096;
const interned: (string | undefined)[] = new Array(INTERN_SLOTS).fill(undefined);

/**
 * Decodes `bytes[start, end)` as UTF-8, keeping a leading byte order mark. Throws `TypeError` on invalid
 * UTF-8 (the caller turns it into a decode error with a position).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length > INTERNED_STRING) return fatalDecoder.decode(bytes.subarray(start, end));
  let hash = length;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) return fatalDecoder.decode(bytes.subarray(start, end));
    hash = (Math.imul(hash, 31) + b) | 0;
  }
  const slot = (hash ^ (hash >>> 12)) & (INTERN_SLOTS - 1);
  const cached = interned[slot];
  if (cached !== undefined && sameAscii(cached, bytes, start, length)) return cached;
  let text = '';
  if (length > SHORT_STRING) text = fatalDecoder.decode(bytes.subarray(start, end));
  else for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  interned[slot] = text;
  return text;
}

function sameAscii(text: string, bytes: Uint8Array, start: number, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/**
 * Writes `text` as UTF-8 at `offset`; `byteLength` must be `utf8Length(text)`. Returns the end offset.
 */
export function encodeUtf8Into(text: string, byteLength: number, out: Uint8Array, offset: number): number {
  if (byteLength === text.length && byteLength <= 64) {
    for (let i = 0; i < byteLength; i++) out[offset + i] = text.charCodeAt(i);
    return offset + byteLength;
  }
  encoder.encodeInto(text, out.subarray(offset, offset + byteLength));
  return offset + byteLength;
}
