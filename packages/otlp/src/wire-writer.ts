/**
 * Protobuf wire-format writing in two passes: a size pass records the byte length of every
 * length-delimited field in visiting order (`LengthLog`), then the write pass replays those lengths
 * while it fills one exactly-sized buffer. No intermediate buffers, no copying.
 */
import { hexToBytesInto } from './hex.js';
import { encodeUtf8Into, utf8Length } from './utf8.js';

/** Byte lengths of length-delimited fields, in the order both passes visit them. */
export class LengthLog {
  private values = new Int32Array(1024);
  private top = 0;
  private next = 0;

  /** Forgets every recorded length (before a size pass). */
  reset(): void {
    this.top = 0;
    this.next = 0;
  }

  /** Reserves a slot for a length that is known only after the children are sized. */
  reserve(): number {
    if (this.top === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    return this.top++;
  }

  /** Fills a reserved slot. */
  set(slot: number, length: number): void {
    this.values[slot] = length;
  }

  /** Records a string field's UTF-8 length and returns the field's size without its tag. */
  string(text: string): number {
    const length = utf8Length(text);
    this.set(this.reserve(), length);
    return varintSize(length) + length;
  }

  /** The next recorded length, during the write pass. */
  shift(): number {
    return this.values[this.next++]!;
  }
}

/** Bytes of a varint holding a non-negative integer below 2^53. */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  if (value < 0x800000000) return 5;
  let size = 5;
  for (let rest = Math.floor(value / 0x800000000); rest > 0; rest = Math.floor(rest / 128)) size++;
  return size;
}

/** Bytes of an `int32`/enum varint: negative values take 10 bytes (sign extension to 64 bits). */
export function int32Size(value: number): number {
  return value < 0 ? 10 : varintSize(value);
}

/** Bytes of an `int64` varint. */
export function int64Size(value: bigint): number {
  if (value < 0n) return 10;
  if (value < 0x80n) return 1;
  if (value <= 0x1fffffffffffffn) return varintSize(Number(value));
  return value < 1n << 63n ? Math.ceil(value.toString(2).length / 7) : 10;
}

/** Size of a length-delimited field body with a one-byte tag. */
export function lenFieldSize(bodySize: number): number {
  return 1 + varintSize(bodySize) + bodySize;
}

/** The output buffer, its cursor and the lengths recorded by the size pass. */
export class WireWriter {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly lengths: LengthLog;
  pos = 0;

  constructor(size: number, lengths: LengthLog) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.lengths = lengths;
  }

  /** Writes a non-negative integer below 2^53 as a varint (also used for tags). */
  varint(value: number): void {
    const bytes = this.bytes;
    let pos = this.pos;
    while (value >= 0x80) {
      bytes[pos++] = (value & 0x7f) | 0x80;
      value = value >= 0x100000000 ? Math.floor(value / 128) : value >>> 7;
    }
    bytes[pos++] = value;
    this.pos = pos;
  }

  /** Writes an `int32`/enum varint, sign-extending negative values to 10 bytes. */
  int32(value: number): void {
    if (value >= 0) this.varint(value);
    else this.int64(BigInt(value));
  }

  /** Writes an `int64` varint (two's complement for negative values). */
  int64(value: bigint): void {
    if (value >= 0n && value <= 0x1fffffffffffffn) {
      this.varint(Number(value));
      return;
    }
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      this.bytes[this.pos++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.bytes[this.pos++] = Number(rest);
  }

  /** Writes the next recorded length as a varint (the prefix of a length-delimited field). */
  length(): void {
    this.varint(this.lengths.shift());
  }

  /** Writes a string field's value: its recorded length, then its UTF-8 bytes. */
  string(text: string): void {
    const length = this.lengths.shift();
    this.varint(length);
    this.pos = encodeUtf8Into(text, length, this.bytes, this.pos);
  }

  /** Writes a hex id as a length-delimited bytes value. */
  hexBytes(hex: string): void {
    const length = hex.length >> 1;
    this.varint(length);
    hexToBytesInto(hex, this.bytes, this.pos);
    this.pos += length;
  }

  /** Writes raw bytes as a length-delimited value. */
  rawBytes(data: Uint8Array): void {
    this.varint(data.length);
    this.bytes.set(data, this.pos);
    this.pos += data.length;
  }

  /** Writes a little-endian fixed64. */
  fixed64(value: bigint): void {
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
  }

  /** Writes a little-endian fixed32. */
  fixed32(value: number): void {
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  /** Writes a little-endian double. */
  double(value: number): void {
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }
}
