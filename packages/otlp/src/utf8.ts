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
 * share their strings while they wait in buffers. Each slot also keeps the string's bytes (at
 * `slot * INTERNED_STRING` in `internedBytes`), so a lookup compares bytes four at a time.
 */
const INTERN_SLOTS = 4096;
const interned: (string | undefined)[] = new Array(INTERN_SLOTS).fill(undefined);
const internedBytes = new Uint8Array(INTERN_SLOTS * INTERNED_STRING);
const internedView = new DataView(internedBytes.buffer);

/**
 * Decodes `bytes[start, end)` as UTF-8, keeping a leading byte order mark. Throws `TypeError` on invalid
 * UTF-8 (the caller turns it into a decode error with a position). `view` is a DataView of exactly `bytes`
 * (the wire reader's own, so none is made per string; nothing here holds on to the input after the call).
 */
export function decodeUtf8(
  bytes: Uint8Array,
  start: number,
  end: number,
  view: DataView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
): string {
  const length = end - start;
  if (length > INTERNED_STRING) return fatalDecoder.decode(bytes.subarray(start, end));
  const slot = internSlot(view, start, length);
  const cached = interned[slot];
  // A cached string is ASCII: equal bytes are ASCII too.
  if (cached !== undefined && cached.length === length && sameBytes(view, start, slot, length)) return cached;
  if (!isAscii(bytes, start, end)) return fatalDecoder.decode(bytes.subarray(start, end));
  let text = '';
  if (length > SHORT_STRING) text = fatalDecoder.decode(bytes.subarray(start, end));
  else for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  interned[slot] = text;
  const at = slot * INTERNED_STRING;
  for (let i = 0; i < length; i++) internedBytes[at + i] = bytes[start + i]!;
  return text;
}

/**
 * The intern slot of `length` bytes at `start`: a hash of the length and of at most 20 of the bytes, read
 * as 32-bit words (all of them up to 20 bytes, else the first 8, 4 in the middle and the last 8), so a
 * lookup does not read a long string twice. Strings that differ only elsewhere share a slot and replace
 * each other: slower, never wrong (a hit compares every byte).
 */
function internSlot(view: DataView, start: number, length: number): number {
  let hash = length;
  if (length < 4) {
    for (let i = 0; i < length; i++) hash = (Math.imul(hash, 31) + view.getUint8(start + i)) | 0;
  } else if (length <= 20) {
    // Whole words from the start, then the last word (overlapping the one before it unless aligned).
    for (let i = 0; i + 4 <= length; i += 4)
      hash = Math.imul(hash ^ view.getInt32(start + i, true), 0x01000193);
    hash = Math.imul(hash ^ view.getInt32(start + length - 4, true), 0x01000193);
  } else {
    hash = Math.imul(hash ^ view.getInt32(start, true), 0x01000193);
    hash = Math.imul(hash ^ view.getInt32(start + 4, true), 0x01000193);
    hash = Math.imul(hash ^ view.getInt32(start + ((length - 4) >> 1), true), 0x01000193);
    hash = Math.imul(hash ^ view.getInt32(start + length - 8, true), 0x01000193);
    hash = Math.imul(hash ^ view.getInt32(start + length - 4, true), 0x01000193);
  }
  hash ^= hash >>> 15;
  return (hash ^ (hash >>> 12)) & (INTERN_SLOTS - 1);
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Whether the `length` bytes at `start` equal those kept for `slot`, compared a word at a time. */
function sameBytes(view: DataView, start: number, slot: number, length: number): boolean {
  const at = slot * INTERNED_STRING;
  let i = 0;
  for (; i + 4 <= length; i += 4)
    if (view.getInt32(start + i, true) !== internedView.getInt32(at + i, true)) return false;
  for (; i < length; i++) if (view.getUint8(start + i) !== internedBytes[at + i]) return false;
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
