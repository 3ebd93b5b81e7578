/** UTF-8 helpers for the protobuf codec: exact byte lengths, validated decoding, in-place encoding. */
import { Buffer } from 'node:buffer';

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** ASCII strings up to this many bytes are looked up in the intern table (span names, keys, values). */
const INTERNED_STRING = 128;
/** Strings up to this many bytes are built in JavaScript (cheaper than a native call); longer ones natively. */
const SHORT_STRING = 32;

/** Strings at least this long are measured natively (`Buffer.byteLength`: one fast call, no JS loop). */
const NATIVE_LENGTH = 16;

/**
 * The number of bytes `TextEncoder` writes for `text` (a lone surrogate becomes U+FFFD, 3 bytes).
 */
export function utf8Length(text: string): number {
  const n = text.length;
  if (n >= NATIVE_LENGTH) return Buffer.byteLength(text, 'utf8');
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
  const slot = internSlot(bytes, start, end);
  const cached = interned[slot];
  // A cached string is ASCII: equal bytes are ASCII too, so a hit reads every byte once.
  if (cached !== undefined && sameAscii(cached, bytes, start, length)) return cached;
  if (!isAscii(bytes, start, end)) return fatalDecoder.decode(bytes.subarray(start, end));
  let text = '';
  if (length > SHORT_STRING) text = fatalDecoder.decode(bytes.subarray(start, end));
  else for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  interned[slot] = text;
  return text;
}

/**
 * The intern slot of `bytes[start, end)`: a hash of its length and of at most 20 of its bytes (the first
 * 8, 4 in the middle, the last 8), so a lookup does not read a long string twice. Strings that differ
 * only elsewhere share a slot and replace each other: slower, never wrong (a hit compares every byte).
 */
function internSlot(bytes: Uint8Array, start: number, end: number): number {
  let hash = end - start;
  if (end - start <= 20) {
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
  } else {
    const middle = (start + end - 4) >> 1;
    for (let i = start; i < start + 8; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
    for (let i = middle; i < middle + 4; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
    for (let i = end - 8; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
  }
  return (hash ^ (hash >>> 12)) & (INTERN_SLOTS - 1);
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
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
