/**
 * A cursor over protobuf wire-format bytes. Every read is bounds-checked against `limit` (the end of the
 * message being read), so arbitrary bytes give a `WireError`, never an out-of-range read or a hang.
 */
import { decodeUtf8 } from './utf8.js';

/** Protobuf wire types. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;

/**
 * A decode failure inside the wire reader; the message decoders add the field path while it unwinds and
 * the public entry points turn it into an `OtlpDecodeError`.
 */
export class WireError extends Error {
  readonly offset: number;
  readonly reason: string;
  /** Path segments, innermost first. */
  readonly segments: string[] = [];

  constructor(offset: number, reason: string) {
    super(reason);
    this.offset = offset;
    this.reason = reason;
  }

  /** The field path, outermost first, joined with dots. */
  path(): string {
    return this.segments.slice().reverse().join('.');
  }
}

/**
 * Adds a path segment to a failure thrown while decoding a field, and rethrows it. Anything that is not
 * a `WireError` is a bug in the decoder, reported as a failure at `offset` instead of escaping raw.
 */
export function atField(error: unknown, segment: string, offset: number): never {
  const wire = error instanceof WireError ? error : new WireError(offset, `internal decoder error: ${error}`);
  wire.segments.push(segment);
  throw wire;
}

/** The bytes being read, the position and the end of the current message. */
export class WireReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos: number;
  limit: number;

  constructor(bytes: Uint8Array, pos = 0, limit = bytes.length) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
    this.limit = limit;
  }

  /** True while the current message has bytes left. */
  more(): boolean {
    return this.pos < this.limit;
  }

  /** Reads a field tag (field number << 3 | wire type); rejects field number 0. */
  tag(): number {
    const start = this.pos;
    const tag = this.uint32();
    if (tag >>> 3 === 0) throw new WireError(start, `invalid field number 0 (tag ${tag})`);
    return tag;
  }

  /** Reads a varint and returns its low 32 bits as an unsigned number. */
  uint32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos >= this.limit) throw this.truncated(pos);
    const first = bytes[pos++]!;
    if (first < 0x80) {
      this.pos = pos;
      return first;
    }
    let value = first & 0x7f;
    for (let shift = 7; shift < 70; shift += 7) {
      if (pos >= this.limit) throw this.truncated(pos);
      const b = bytes[pos++]!;
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new WireError(this.pos, 'varint longer than 10 bytes');
  }

  /** Reads an int64 varint as a signed bigint. */
  int64(): bigint {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= this.limit) throw this.truncated(pos);
      const b = bytes[pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) {
        this.pos = pos;
        return toInt64(lo >>> 0, hi >>> 0);
      }
    }
    throw new WireError(start, 'varint longer than 10 bytes');
  }

  /** Reads a fixed64 as an unsigned bigint. */
  fixed64(): bigint {
    const pos = this.need(8);
    return this.view.getBigUint64(pos, true);
  }

  /** Reads a fixed32 as an unsigned number. */
  fixed32(): number {
    const pos = this.need(4);
    return this.view.getUint32(pos, true);
  }

  /** Reads a little-endian IEEE 754 double. */
  double(): number {
    const pos = this.need(8);
    return this.view.getFloat64(pos, true);
  }

  /** Reads a length prefix and returns the end offset of the field's bytes (checked against `limit`). */
  lengthEnd(): number {
    const start = this.pos;
    const length = this.length();
    if (length > this.limit - this.pos) {
      throw new WireError(
        start,
        `length ${length} runs past the end of the message (${this.limit - this.pos} bytes left)`,
      );
    }
    return this.pos + length;
  }

  /** Reads a length-delimited UTF-8 string. */
  string(): string {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    try {
      return decodeUtf8(this.bytes, start, end, this.view);
    } catch {
      throw new WireError(start, 'invalid UTF-8 in string');
    }
  }

  /** Narrows `limit` to an embedded message and returns the outer limit, for `leave`. */
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

  /** Skips the value of an unknown field; groups (wire types 3 and 4) are rejected. */
  skip(tag: number): void {
    switch (tag & 7) {
      case VARINT:
        this.int64();
        return;
      case FIXED64:
        this.need(8);
        return;
      case LEN:
        this.pos = this.lengthEnd();
        return;
      case FIXED32:
        this.need(4);
        return;
      default:
        throw new WireError(this.pos, `unsupported wire type ${tag & 7} (field ${tag >>> 3})`);
    }
  }

  /** Skips an unknown field, or fails when the field number is known but came with another wire type. */
  skipUnknown(tag: number, knownFields: number): void {
    const field = tag >>> 3;
    if (field < 31 && (knownFields >>> field) & 1) {
      throw new WireError(this.pos, `field ${field}: unexpected wire type ${tag & 7}`);
    }
    this.skip(tag);
  }

  private length(): number {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    let value = 0;
    for (let i = 0, scale = 1; i < 5; i++, scale *= 128) {
      if (pos >= this.limit) throw this.truncated(pos);
      const b = bytes[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.pos = pos;
        return value;
      }
    }
    throw new WireError(start, 'length prefix longer than 5 bytes');
  }

  private need(n: number): number {
    const pos = this.pos;
    if (this.limit - pos < n) throw this.truncated(this.limit);
    this.pos = pos + n;
    return pos;
  }

  private truncated(pos: number): WireError {
    return new WireError(pos, 'truncated input');
  }
}

/** A bitmask of field numbers (all below 31) for `skipUnknown`. */
export function fieldMask(...fields: number[]): number {
  let mask = 0;
  for (const f of fields) mask |= 1 << f;
  return mask;
}

const TWO_32 = 4294967296;

function toInt64(lo: number, hi: number): bigint {
  if (hi < 0x200000) return BigInt(hi * TWO_32 + lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}
