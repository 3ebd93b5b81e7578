/**
 * A bounds-checked protobuf cursor that validates without building objects: the gateway checks a request
 * as strictly as `@autoscope/otlp` decodes it, but keeps it in its encoded form until a trace is decided.
 */
import { isUtf8 } from 'node:buffer';

/** Protobuf wire type of varints. */
export const VARINT = 0;
/** Protobuf wire type of 8-byte fixed values. */
export const FIXED64 = 1;
/** Protobuf wire type of length-delimited values (strings, bytes, messages). */
export const LEN = 2;
/** Protobuf wire type of 4-byte fixed values. */
export const FIXED32 = 5;

/** A malformed part of a request: byte offset, field path (outermost first) and reason. */
export class ScanError extends Error {
  readonly offset: number;
  readonly reason: string;
  /** Path segments, innermost first (pushed while the scan unwinds). */
  readonly segments: string[] = [];

  constructor(offset: number, reason: string) {
    super(reason);
    this.offset = offset;
    this.reason = reason;
  }

  /** The field path, outermost first. */
  path(): string {
    return this.segments.slice().reverse().join('.');
  }
}

/** Adds a path segment to a failure while it unwinds, and rethrows it. */
export function inField(error: unknown, segment: string, offset: number): never {
  const scan = error instanceof ScanError ? error : new ScanError(offset, `internal scanner error: ${error}`);
  scan.segments.push(segment);
  throw scan;
}

/** A bitmask of field numbers (all below 31). */
export function fieldMask(...fields: number[]): number {
  let mask = 0;
  for (const f of fields) mask |= 1 << f;
  return mask;
}

const SHORT_STRING = 32;

/** The bytes being scanned, the position and the end of the current message. */
export class ScanReader {
  readonly bytes: Uint8Array;
  pos = 0;
  limit: number;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.limit = bytes.length;
  }

  /** True while the current message has bytes left. */
  more(): boolean {
    return this.pos < this.limit;
  }

  /** Reads a field tag; field number 0 is invalid. */
  tag(): number {
    const start = this.pos;
    const tag = this.uint32();
    if (tag >>> 3 === 0) throw new ScanError(start, `invalid field number 0 (tag ${tag})`);
    return tag;
  }

  /** Reads a varint (up to 10 bytes) and returns its low 32 bits, unsigned. */
  uint32(): number {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= this.limit) throw new ScanError(pos, 'truncated input');
      const b = bytes[pos++]!;
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new ScanError(start, 'varint longer than 10 bytes');
  }

  /** Skips `n` fixed bytes. */
  fixed(n: number): void {
    if (this.limit - this.pos < n) throw new ScanError(this.limit, 'truncated input');
    this.pos += n;
  }

  /** Reads a length prefix; returns the end of the field's bytes (checked against `limit`). */
  lengthEnd(): number {
    const start = this.pos;
    const bytes = this.bytes;
    let pos = start;
    let length = 0;
    for (let i = 0, scale = 1; ; i++, scale *= 128) {
      if (i === 5) throw new ScanError(start, 'length prefix longer than 5 bytes');
      if (pos >= this.limit) throw new ScanError(pos, 'truncated input');
      const b = bytes[pos++]!;
      length += (b & 0x7f) * scale;
      if (b < 0x80) break;
    }
    if (length > this.limit - pos)
      throw new ScanError(
        start,
        `length ${length} runs past the end of the message (${this.limit - pos} bytes left)`,
      );
    this.pos = pos;
    return pos + length;
  }

  /** Skips a length-delimited string, checking that it is valid UTF-8. */
  string(): void {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    if (!validUtf8(this.bytes, start, end)) throw new ScanError(start, 'invalid UTF-8 in string');
  }

  /** Narrows `limit` to an embedded message; returns the outer limit for `leave`. */
  enter(): number {
    const end = this.lengthEnd();
    const outer = this.limit;
    this.limit = end;
    return outer;
  }

  /** Returns from an embedded message to its parent. */
  leave(outer: number): void {
    this.pos = this.limit;
    this.limit = outer;
  }

  /** Skips any field's value; groups (wire types 3 and 4) are rejected. */
  skip(tag: number): void {
    const type = tag & 7;
    if (type === VARINT) this.uint32();
    else if (type === FIXED64) this.fixed(8);
    else if (type === LEN) this.pos = this.lengthEnd();
    else if (type === FIXED32) this.fixed(4);
    else throw new ScanError(this.pos, `unsupported wire type ${type} (field ${tag >>> 3})`);
  }

  /** Skips an unknown field; a known field number with another wire type is malformed. */
  skipUnknown(tag: number, knownFields: number): void {
    const field = tag >>> 3;
    if (field < 31 && (knownFields >>> field) & 1)
      throw new ScanError(this.pos, `field ${field}: unexpected wire type ${tag & 7}`);
    this.skip(tag);
  }
}

function validUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start <= SHORT_STRING) {
    let ascii = true;
    for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) ascii = false;
    if (ascii) return true;
  }
  return isUtf8(bytes.subarray(start, end));
}
