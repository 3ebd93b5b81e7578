import { TraceFileError } from '../errors.js';

const EMPTY = new Uint8Array(0);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** JSON structural byte. */
export const COMMA = 0x2c;
/** JSON structural byte. */
export const COLON = 0x3a;
/** JSON structural byte. */
export const LBRACE = 0x7b;
/** JSON structural byte. */
export const RBRACE = 0x7d;
/** JSON structural byte. */
export const LBRACKET = 0x5b;
/** JSON structural byte. */
export const RBRACKET = 0x5d;
/** What `peek` returns at the end of input. */
export const EOF = -1;

const WHITESPACE = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[c] = 1;
/** Bytes that end a number or literal (`true`, `false`, `null`). */
const SCALAR_END = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d, COMMA, RBRACE, RBRACKET, COLON, LBRACE, LBRACKET, QUOTE]) {
  SCALAR_END[c] = 1;
}

/** Describes a byte (or the end of input) for an error message. */
export function describeByte(c: number): string {
  if (c === EOF) return 'end of input';
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/**
/**
 * The byte-level scanner behind `streamJsonArray`: a window over the byte stream: `buf[0]` is at absolute offset `base`. Bytes from `mark` on (when
 * `mark >= 0`) are kept across refills so a value's bytes can be parsed once it is complete.
 */
export class JsonByteReader {
  pos = 0;
  mark = -1;
  private buf: Uint8Array = EMPTY;
  private end = 0;
  private base = 0;
  private owned = false;
  private done = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  // Resumable value-scanning state, so a value may span any number of refills.
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(
    private readonly chunks: AsyncIterator<Uint8Array>,
    private readonly source: string,
  ) {}

  /** An error at the current position. */
  fail(message: string): TraceFileError {
    return this.failAt(this.pos, message);
  }

  /** An error at an index of the window. */
  failAt(index: number, message: string): TraceFileError {
    return new TraceFileError(this.source, `byte ${this.base + index}`, message);
  }

  /** Skips a UTF-8 byte order mark at the very start. */
  async skipBom(): Promise<void> {
    this.mark = 0;
    while (this.end < 3 && (await this.fill()));
    this.mark = -1;
    const b = this.buf;
    if (this.end >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.pos = 3;
  }

  /** Skips whitespace; returns the next byte without consuming it, or EOF. */
  async peek(): Promise<number> {
    for (;;) {
      const b = this.buf;
      const n = this.end;
      let i = this.pos;
      while (i < n && WHITESPACE[b[i]!] === 1) i++;
      this.pos = i;
      if (i < n) return b[i]!;
      if (!(await this.fill())) return EOF;
    }
  }

  /** Consumes `byte` (after whitespace) or throws naming `what` was expected. */
  async expect(byte: number, what: string): Promise<void> {
    const c = await this.peek();
    if (c !== byte) throw this.fail(`expected ${what}, found ${describeByte(c)}`);
    this.pos++;
  }

  /** Requires that only whitespace remains. */
  async expectEnd(): Promise<void> {
    const c = await this.peek();
    if (c !== EOF) throw this.fail(`unexpected ${describeByte(c)} after the JSON document`);
  }

  /** Reads an object key (a JSON string). */
  async readKey(): Promise<string> {
    const c = await this.peek();
    if (c !== QUOTE) throw this.fail(`expected a string key, found ${describeByte(c)}`);
    const key = await this.readValue();
    return key as string;
  }

  /** Reads, validates and discards one value (only scanned while a whole-document mark keeps the bytes). */
  async skipValue(): Promise<void> {
    if (this.mark >= 0) await this.scanValue();
    else await this.readValue();
  }

  /** Reads and parses the next value. */
  async readValue(): Promise<unknown> {
    const start = await this.scanValue();
    return this.parseKept(start);
  }

  /** Parses the kept bytes from window index `from` to the current position. */
  parseKept(from: number): unknown {
    const position = `byte ${this.base + from}`;
    let text: string;
    try {
      text = this.decoder.decode(this.buf.subarray(from, this.pos));
    } catch (cause) {
      throw new TraceFileError(this.source, position, 'invalid UTF-8 in the JSON value that starts here', {
        cause,
      });
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new TraceFileError(this.source, position, `malformed JSON value: ${detail}`, { cause });
    }
  }

  /**
   * Finds the extent of the next value, keeping its bytes; returns its start index in the window (valid
   * until the next refill) and leaves `pos` just after it.
   */
  private async scanValue(): Promise<number> {
    const c = await this.peek();
    if (c === EOF) throw this.fail('unexpected end of input, expected a value');
    if (SCALAR_END[c] === 1 && c !== LBRACE && c !== LBRACKET && c !== QUOTE) {
      throw this.fail(`expected a value, found ${describeByte(c)}`);
    }
    const outer = this.mark;
    if (outer < 0) this.mark = this.pos;
    const startAbsolute = this.base + this.pos;
    const nested = c === LBRACE || c === LBRACKET || c === QUOTE;
    if (nested) this.beginNested(c);
    while (!(nested ? this.scanNested() : this.scanScalar())) {
      if (await this.fill()) continue;
      if (!nested) break;
      const where = `byte ${this.base + this.end}`;
      throw new TraceFileError(
        this.source,
        where,
        `unexpected end of input in the value that starts at byte ${startAbsolute}`,
      );
    }
    if (outer < 0) this.mark = -1;
    return startAbsolute - this.base;
  }

  private beginNested(c: number): void {
    this.depth = c === QUOTE ? 0 : 1;
    this.inString = c === QUOTE;
    this.escaped = false;
    this.pos++;
  }

  /** Scans on through a container or string; true once its closing byte is consumed. */
  private scanNested(): boolean {
    const b = this.buf;
    const n = this.end;
    let i = this.pos;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let closed = false;
    while (i < n) {
      const c = b[i++]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) {
            closed = true;
            break;
          }
        }
      } else if (c === QUOTE) inString = true;
      else if (c === LBRACE || c === LBRACKET) depth++;
      else if ((c === RBRACE || c === RBRACKET) && --depth === 0) {
        closed = true;
        break;
      }
    }
    this.pos = i;
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return closed;
  }

  /** Scans a number or literal; true when a delimiter follows it. */
  private scanScalar(): boolean {
    const b = this.buf;
    const n = this.end;
    let i = this.pos;
    while (i < n && SCALAR_END[b[i]!] !== 1) i++;
    this.pos = i;
    return i < n;
  }

  /** Loads the next chunk, keeping bytes from `mark` on; false at the end of input. */
  private async fill(): Promise<boolean> {
    while (!this.done) {
      const next = await this.chunks.next();
      if (next.done === true) {
        this.done = true;
        return false;
      }
      if (next.value.length === 0) continue;
      this.append(next.value);
      return true;
    }
    return false;
  }

  private append(chunk: Uint8Array): void {
    if (this.mark < 0) {
      this.base += this.end;
      this.pos -= this.end;
      this.buf = chunk;
      this.end = chunk.length;
      this.owned = false;
      return;
    }
    const keepFrom = this.mark;
    const kept = this.end - keepFrom;
    const need = kept + chunk.length;
    let target = this.buf;
    if (!this.owned || target.length < need) {
      target = new Uint8Array(Math.max(need, 2 * this.buf.length, 1 << 16));
      target.set(this.buf.subarray(keepFrom, this.end), 0);
    } else if (keepFrom > 0) {
      target.copyWithin(0, keepFrom, this.end);
    }
    target.set(chunk, kept);
    this.buf = target;
    this.owned = true;
    this.base += keepFrom;
    this.pos -= keepFrom;
    this.mark = 0;
    this.end = need;
  }
}
