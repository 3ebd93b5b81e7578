/** Reading trace and span ids from the wire: exact length, not all zero, lowercase hex. */
import { allZero, bytesToHex, hex8 } from './hex.js';
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
  if (size === SPAN_ID_BYTES) {
    const lo = r.view.getInt32(from, true);
    const hi = r.view.getInt32(from + 4, true);
    if ((lo | hi) === 0) throw allZeroId(start);
    return spanIdHex(r.bytes, from, lo, hi);
  }
  if (size === TRACE_ID_BYTES) return traceIdHex(r, from, start);
  if (allZero(r.bytes, from, end)) throw allZeroId(start);
  return bytesToHex(r.bytes, from, end);
}

/** Reads a parent span id: empty (or all zero, as some producers send for roots) means no parent. */
export function readParentId(r: WireReader): string {
  const start = r.pos;
  const end = r.lengthEnd();
  const from = r.pos;
  r.pos = end;
  if (end === from) return '';
  if (end - from !== SPAN_ID_BYTES)
    throw new WireError(start, `expected 0 or ${SPAN_ID_BYTES} bytes, got ${end - from}`);
  const lo = r.view.getInt32(from, true);
  const hi = r.view.getInt32(from + 4, true);
  return (lo | hi) === 0 ? '' : spanIdHex(r.bytes, from, lo, hi);
}

/** The last trace id decoded, as four little-endian words: spans of one trace usually arrive together. */
const lastTraceId = new Int32Array(4);
let lastTraceIdHex = '';

function traceIdHex(r: WireReader, from: number, start: number): string {
  const v = r.view;
  const a = v.getInt32(from, true);
  const b = v.getInt32(from + 4, true);
  const c = v.getInt32(from + 8, true);
  const d = v.getInt32(from + 12, true);
  const last = lastTraceId;
  if (a === last[0] && b === last[1] && c === last[2] && d === last[3] && lastTraceIdHex !== '')
    return lastTraceIdHex;
  if ((a | b | c | d) === 0) throw allZeroId(start);
  const hex = bytesToHex(r.bytes, from, from + TRACE_ID_BYTES);
  last[0] = a;
  last[1] = b;
  last[2] = c;
  last[3] = d;
  lastTraceIdHex = hex;
  return hex;
}

/**
 * Recently decoded span ids by hash of their bytes (kept as two words). A parent id repeats the id of a
 * span decoded just before (or of its siblings' parent): the cached string saves the conversion and lets
 * a parent's children share one string.
 */
const ID_SLOTS = 4096;
const idWords = new Int32Array(ID_SLOTS * 2);
const idHex: string[] = new Array<string>(ID_SLOTS).fill('');

/** The hex of the 8-byte span id at `bytes[from]` (words `lo`, `hi`), from the cache when seen recently. */
function spanIdHex(bytes: Uint8Array, from: number, lo: number, hi: number): string {
  let hash = Math.imul(lo ^ Math.imul(hi, 0x85ebca77), 0x9e3779b1);
  hash ^= hash >>> 16;
  const slot = hash & (ID_SLOTS - 1);
  const cached = idHex[slot]!;
  if (idWords[2 * slot] === lo && idWords[2 * slot + 1] === hi && cached !== '') return cached;
  const hex = hex8(bytes, from);
  idWords[2 * slot] = lo;
  idWords[2 * slot + 1] = hi;
  idHex[slot] = hex;
  return hex;
}

function allZeroId(offset: number): WireError {
  return new WireError(offset, 'all-zero id is invalid');
}
