/**
 * The on-disk format of a segment: an 8-byte magic, then records back to back, each
 * `u32 length | u32 crc32 | u64 seq | payload` (little-endian; the CRC covers length, seq and payload).
 * `scanSegment` reads them back, skipping damaged bytes by searching for the next intact record.
 */
import { crc32 } from './crc32.js';

/** The first bytes of every segment file. */
export const SEGMENT_MAGIC = new Uint8Array([0x41, 0x53, 0x43, 0x57, 0x41, 0x4c, 0x30, 0x31]); // ASCWAL01

/** Bytes of the segment header (the magic). */
export const SEGMENT_HEADER_BYTES = SEGMENT_MAGIC.length;

/** Bytes of a record's header before its payload. */
export const RECORD_HEADER_BYTES = 16;

/** The header of the record `seq` holding `payload`. */
export function encodeRecordHeader(seq: number, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(RECORD_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(8, seq % 2 ** 32, true);
  view.setUint32(12, Math.floor(seq / 2 ** 32), true);
  let crc = crc32(header, 0, 0, 4);
  crc = crc32(header, crc, 8, 16);
  view.setUint32(4, crc32(payload, crc), true);
  return header;
}

/** One intact record found in a segment: its payload is `bytes[start, end)`. */
export interface ScannedRecord {
  readonly seq: number;
  readonly offset: number;
  readonly start: number;
  readonly end: number;
}

/** Damaged bytes `[offset, offset + bytes)` and why the record there was refused. */
export interface DamagedRange {
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

/** What `scanSegment` found. `tail` is set when the segment ends in damaged or incomplete bytes. */
export interface SegmentScan {
  readonly records: ScannedRecord[];
  /** Damaged ranges followed by intact records (corruption in the middle). */
  readonly damaged: DamagedRange[];
  /** Damaged or incomplete bytes at the end, with no intact record after them (a torn write). */
  readonly tail: DamagedRange | undefined;
}

/** Whether `bytes` starts with the segment magic. */
export function hasSegmentMagic(bytes: Uint8Array): boolean {
  if (bytes.length < SEGMENT_HEADER_BYTES) return false;
  return SEGMENT_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Reads the records of a segment's bytes up to `limit` (headers skipped by the caller: scanning starts at
 * `from`). Sequence numbers must increase; a record with a bad CRC, a length past the end or a sequence
 * number out of order is damage, and the scan resumes at the next intact record.
 */
export function scanSegment(bytes: Uint8Array, from: number, limit = bytes.length): SegmentScan {
  const records: ScannedRecord[] = [];
  const damaged: DamagedRange[] = [];
  let lastSeq = -1;
  let offset = from;
  while (offset < limit) {
    const found = readRecord(bytes, offset, limit, lastSeq);
    if (typeof found !== 'string') {
      records.push(found);
      lastSeq = found.seq;
      offset = found.end;
      continue;
    }
    const next = resync(bytes, offset + 1, limit, lastSeq);
    if (next === undefined)
      return { records, damaged, tail: { offset, bytes: limit - offset, reason: found } };
    damaged.push({ offset, bytes: next - offset, reason: found });
    offset = next;
  }
  return { records, damaged, tail: undefined };
}

/** The record at `offset`, or why there is none. */
function readRecord(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  lastSeq: number,
): ScannedRecord | string {
  if (limit - offset < RECORD_HEADER_BYTES) return 'incomplete record header';
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, RECORD_HEADER_BYTES);
  const length = view.getUint32(0, true);
  const start = offset + RECORD_HEADER_BYTES;
  if (length > limit - start) return `record length ${length} runs past the end of the segment`;
  const seq = view.getUint32(8, true) + view.getUint32(12, true) * 2 ** 32;
  if (seq <= lastSeq || seq > Number.MAX_SAFE_INTEGER) return `sequence number ${seq} out of order`;
  let crc = crc32(bytes, 0, offset, offset + 4);
  crc = crc32(bytes, crc, offset + 8, start + length);
  if (crc !== view.getUint32(4, true)) return 'CRC mismatch';
  return { seq, offset, start, end: start + length };
}

/** The offset of the next intact record at or after `from`, if any. */
function resync(bytes: Uint8Array, from: number, limit: number, lastSeq: number): number | undefined {
  for (let offset = from; offset + RECORD_HEADER_BYTES <= limit; offset++) {
    if (typeof readRecord(bytes, offset, limit, lastSeq) !== 'string') return offset;
  }
  return undefined;
}
