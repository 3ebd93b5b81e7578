import { TraceFileError } from './errors.js';

/**
 * A forward-only cursor over a stream of byte chunks, for reading protobuf framing (tags, lengths,
 * big-endian frame sizes) and whole field bodies without holding the file in memory. `offset` is the
 * absolute byte offset in the (decompressed) input, for error messages.
 */
export class ChunkCursor {
  private chunk: Uint8Array = new Uint8Array(0);
  private index = 0;
  private ended = false;
  offset = 0;

  constructor(
    private readonly chunks: AsyncIterator<Uint8Array>,
    private readonly source: string,
  ) {}

  /** The next byte without consuming it, or -1 at the end of the input. */
  async peek(): Promise<number> {
    return (await this.fill()) ? this.chunk[this.index]! : -1;
  }

  /** Reads a varint of at most 10 bytes as a number (exact below 2^53); undefined at a clean end. */
  async varint(): Promise<number | undefined> {
    if (this.index >= this.chunk.length && !(await this.fill())) return undefined;
    const fast = this.varintInChunk();
    if (fast >= 0) return fast;
    const start = this.offset;
    let value = 0;
    for (let i = 0, scale = 1; i < 10; i++, scale *= 128) {
      if (!(await this.fill())) throw this.fail(start, 'truncated varint');
      const b = this.take();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
    throw this.fail(start, 'varint longer than 10 bytes');
  }

  /** Reads a 4-byte big-endian unsigned integer; undefined at a clean end. */
  async uint32BigEndian(): Promise<number | undefined> {
    if (!(await this.fill())) return undefined;
    const bytes = await this.read(4);
    return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  }

  /**
   * The next `length` bytes as a view, consumed, when all of them are already in the current chunk;
   * undefined (nothing consumed) otherwise. Lets a caller decode a small frame without awaiting per field.
   */
  takeBuffered(length: number): Uint8Array | undefined {
    if (this.chunk.length - this.index < length) return undefined;
    const view = this.chunk.subarray(this.index, this.index + length);
    this.index += length;
    this.offset += length;
    return view;
  }

  /** Reads exactly `length` bytes (a view when they sit in one chunk, else a copy). */
  async read(length: number): Promise<Uint8Array> {
    const start = this.offset;
    if (!(await this.fill()) && length > 0)
      throw this.fail(start, `truncated: expected ${length} more bytes`);
    if (this.chunk.length - this.index >= length) {
      const view = this.chunk.subarray(this.index, this.index + length);
      this.index += length;
      this.offset += length;
      return view;
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (!(await this.fill())) throw this.fail(start, `truncated: expected ${length} bytes, got ${filled}`);
      const n = Math.min(length - filled, this.chunk.length - this.index);
      out.set(this.chunk.subarray(this.index, this.index + n), filled);
      this.index += n;
      this.offset += n;
      filled += n;
    }
    return out;
  }

  /** Skips `length` bytes. */
  async skip(length: number): Promise<void> {
    const start = this.offset;
    let left = length;
    while (left > 0) {
      if (!(await this.fill())) throw this.fail(start, `truncated: expected ${length} bytes to skip`);
      const n = Math.min(left, this.chunk.length - this.index);
      this.index += n;
      this.offset += n;
      left -= n;
    }
  }

  /** A file error at `offset`. */
  fail(offset: number, message: string): TraceFileError {
    return new TraceFileError(this.source, `byte ${offset}`, message);
  }

  /** A varint wholly inside the current chunk, consumed; -1 (nothing consumed) when it crosses the chunk's end. */
  private varintInChunk(): number {
    const chunk = this.chunk;
    const limit = Math.min(chunk.length, this.index + 10);
    let value = 0;
    for (let i = this.index, scale = 1; i < limit; i++, scale *= 128) {
      const b = chunk[i]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.offset += i + 1 - this.index;
        this.index = i + 1;
        return value;
      }
    }
    return -1;
  }

  private take(): number {
    this.offset++;
    return this.chunk[this.index++]!;
  }

  private async fill(): Promise<boolean> {
    while (this.index >= this.chunk.length) {
      if (this.ended) return false;
      const next = await this.chunks.next();
      if (next.done === true) {
        this.ended = true;
        return false;
      }
      // A plain Uint8Array view, never a Buffer: the decoder then always sees one kind of byte array
      // (copies for straddling fields are plain too), so its optimised code is not thrown away when
      // the kind changes.
      const chunk = next.value;
      this.chunk =
        chunk.constructor === Uint8Array
          ? chunk
          : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
      this.index = 0;
    }
    return true;
  }
}
