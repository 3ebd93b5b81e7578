import { Buffer } from 'node:buffer';
import { TraceFileError } from '../errors.js';
import { readBytes } from './open-input.js';

/** One line of a text file with its 1-based line number (no trailing newline or carriage return). */
export interface NumberedLine {
  readonly line: string;
  readonly lineNumber: number;
}

/** Options of {@link readLines} and {@link splitLines}. */
export interface ReadLinesOptions {
  /**
   * Most bytes one line may hold (after gunzipping, without its newline). A longer line throws a
   * {@link TraceFileError} naming the file and line as soon as the limit is passed, so a file without
   * newlines cannot fill memory. Default {@link DEFAULT_MAX_LINE_BYTES}.
   */
  readonly maxLineBytes?: number;
  /** Bytes read from the file at a time. Default 64 KiB; tests use tiny values to move chunk boundaries. */
  readonly chunkBytes?: number;
}

/** Default {@link ReadLinesOptions.maxLineBytes}: 256 MiB, half the longest string V8 can hold. */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

const DEFAULT_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Streams the lines of a (possibly gzipped) UTF-8 text file. Lines are split on the newline byte and each
 * is decoded on its own, so a line is a small string of its own (no slice of a larger text) and ASCII
 * lines are one-byte strings. A trailing carriage return is removed, a byte order mark at the start of the
 * file is skipped, a last line without a newline is yielded, and invalid UTF-8 becomes U+FFFD (one per
 * maximal invalid subsequence, as `TextDecoder` does), which callers that care can detect. Memory is
 * bounded by the longest line, itself bounded by `maxLineBytes`.
 */
export function readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<NumberedLine> {
  return splitLines(readBytes(path, options.chunkBytes ?? DEFAULT_CHUNK_BYTES), path, options);
}

/**
 * The lines of a stream of UTF-8 byte chunks, as {@link readLines} yields them (`file` names the source in
 * errors). Chunks may be split anywhere, also inside a multi-byte character; they are not modified, and a
 * chunk's bytes are held only while a line that starts in it is unfinished.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  options: ReadLinesOptions = {},
): AsyncGenerator<NumberedLine> {
  const carry = new LineCarry(file, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  let lineNumber = 0;
  for await (const chunk of chunks) {
    const bytes = asBuffer(chunk);
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE, start); nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
      lineNumber++;
      yield { line: carry.finish(bytes, start, nl, lineNumber), lineNumber };
      start = nl + 1;
    }
    if (start < bytes.length) carry.add(bytes, start, lineNumber + 1);
  }
  if (carry.holdsText(lineNumber + 1)) {
    lineNumber++;
    yield { line: carry.finish(EMPTY, 0, 0, lineNumber), lineNumber };
  }
}

const EMPTY = Buffer.alloc(0);

/** The bytes of an unfinished line that started in earlier chunks. */
class LineCarry {
  private parts: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly file: string,
    private readonly maxLineBytes: number,
  ) {}

  /** Keeps `bytes[start..]` as the beginning (or continuation) of line `lineNumber`. */
  add(bytes: Buffer, start: number, lineNumber: number): void {
    this.length += bytes.length - start;
    if (this.length > this.maxLineBytes) throw this.tooLong(lineNumber);
    this.parts.push(bytes.subarray(start));
  }

  /** The text of line `lineNumber`: the carried bytes followed by `bytes[start..end)`. */
  finish(bytes: Buffer, start: number, end: number, lineNumber: number): string {
    const length = this.length + end - start;
    if (length > this.maxLineBytes) throw this.tooLong(lineNumber);
    if (this.length === 0) return decodeLine(bytes, start, end, lineNumber === 1);
    this.parts.push(bytes.subarray(start, end));
    const whole = Buffer.concat(this.parts, length);
    this.parts = [];
    this.length = 0;
    return decodeLine(whole, 0, length, lineNumber === 1);
  }

  /** True when the carried bytes decode to some text (anything but nothing or a lone byte order mark). */
  holdsText(lineNumber: number): boolean {
    if (this.length === 0) return false;
    return !(lineNumber === 1 && this.length === 3 && startsWithBom(Buffer.concat(this.parts), 0, 3));
  }

  private tooLong(lineNumber: number): TraceFileError {
    return new TraceFileError(
      this.file,
      `line ${lineNumber}`,
      `the line is longer than ${this.maxLineBytes} bytes (the most one line may hold); is this a text file with one record per line?`,
    );
  }
}

/** `bytes[start..end)` as text, without a trailing carriage return (and the byte order mark on line 1). */
function decodeLine(bytes: Buffer, start: number, end: number, firstLine: boolean): string {
  const from = firstLine && startsWithBom(bytes, start, end) ? start + 3 : start;
  const to = end > from && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  return bytes.toString('utf8', from, to);
}

function startsWithBom(bytes: Buffer, start: number, end: number): boolean {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf;
}

/** The chunk as a Buffer without copying (file and gunzip streams already give Buffers). */
function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
