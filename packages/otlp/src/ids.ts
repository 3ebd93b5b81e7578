/** Reading trace and span ids from the wire: exact length, not all zero, lowercase hex. */
import { allZero, bytesToHex } from './hex.js';
import { WireError, type WireReader } from './wire-reader.js';

/** Bytes in a trace id. */
export const TRACE_ID_BYTES = 16;
/** Bytes in a span id. */
export const SPAN_ID_BYTES = 8;

/** Reads a length-delimited id of exactly `size` bytes that is not all zero, as lowercase hex. */
export function readId(r: WireReader, size: number): string {
  const start = r.pos;
  const end = r.lengthEnd();
  const from = r.pos;
  r.pos = end;
  if (end - from !== size) throw new WireError(start, `expected ${size} bytes, got ${end - from}`);
  if (size === TRACE_ID_BYTES && sameBytes(lastTraceId, r.bytes, from)) return lastTraceIdHex;
  if (allZero(r.bytes, from, end)) throw new WireError(start, 'all-zero id is invalid');
  if (size === SPAN_ID_BYTES) return spanIdHex(r.bytes, from);
  const hex = bytesToHex(r.bytes, from, end);
  if (size === TRACE_ID_BYTES) {
    lastTraceId.set(r.bytes.subarray(from, end));
    lastTraceIdHex = hex;
  }
  return hex;
}

/** The last trace id decoded: spans of one trace usually arrive together, so most lookups hit. */
const lastTraceId = new Uint8Array(TRACE_ID_BYTES);
let lastTraceIdHex = '';

function sameBytes(a: Uint8Array, bytes: Uint8Array, from: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== bytes[from + i]) return false;
  return lastTraceIdHex !== '';
}

/** Reads a parent span id: empty (or all zero, as some producers send for roots) means no parent. */
export function readParentId(r: WireReader): string {
  const start = r.pos;
  const end = r.lengthEnd();
  const from = r.pos;
  r.pos = end;
  if (end === from || (end - from === SPAN_ID_BYTES && allZero(r.bytes, from, end))) return '';
  if (end - from !== SPAN_ID_BYTES)
    throw new WireError(start, `expected 0 or ${SPAN_ID_BYTES} bytes, got ${end - from}`);
  return spanIdHex(r.bytes, from);
}

/**
 * Recently decoded span ids by hash of their bytes. A parent id repeats the id of a span decoded just
 * before (or of its siblings' parent): the cached string saves the conversion and lets a parent's
 * children share one string.
 */
const ID_SLOTS = 4096;
const idBytes = new Uint8Array(ID_SLOTS * SPAN_ID_BYTES);
const idHex: string[] = new Array<string>(ID_SLOTS).fill('');

/** The hex of the 8-byte span id at `bytes[from]`, from the cache when it was seen recently. */
function spanIdHex(bytes: Uint8Array, from: number): string {
  let hash = 0;
  for (let i = 0; i < SPAN_ID_BYTES; i++) hash = (Math.imul(hash, 31) + bytes[from + i]!) | 0;
  const slot = (hash ^ (hash >>> 15)) & (ID_SLOTS - 1);
  const base = slot * SPAN_ID_BYTES;
  const cached = idHex[slot]!;
  if (cached !== '' && sameSpanId(bytes, from, base)) return cached;
  const hex = bytesToHex(bytes, from, from + SPAN_ID_BYTES);
  for (let i = 0; i < SPAN_ID_BYTES; i++) idBytes[base + i] = bytes[from + i]!;
  idHex[slot] = hex;
  return hex;
}

function sameSpanId(bytes: Uint8Array, from: number, base: number): boolean {
  for (let i = 0; i < SPAN_ID_BYTES; i++) if (idBytes[base + i] !== bytes[from + i]) return false;
  return true;
}
