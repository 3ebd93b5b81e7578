import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceFileError } from '../errors.js';
import { type NumberedLine, type ReadLinesOptions, readLines, splitLines } from './lines.js';

/** Bytes from a string whose `\xNN` escapes are raw bytes (so invalid UTF-8 can be written). */
function bytesOf(latin1: string): Uint8Array {
  return Uint8Array.from(latin1, (c) => c.charCodeAt(0));
}

async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of cuts) {
    yield bytes.subarray(at, cut);
    at = cut;
  }
  yield bytes.subarray(at);
}

async function collect(source: AsyncIterable<NumberedLine>): Promise<string[]> {
  const out: string[] = [];
  for await (const { line, lineNumber } of source) out.push(`${lineNumber}:${line}`);
  return out;
}

function split(bytes: Uint8Array, cuts: readonly number[] = [], options: ReadLinesOptions = {}) {
  return collect(splitLines(chunked(bytes, cuts), 'in.txt', options));
}

/**
 * The reader this one replaced: a streaming TextDecoder over the whole text, lines sliced from it. The
 * byte reader must give exactly its output for every input and every chunking.
 */
function streamingDecoderLines(chunks: readonly Uint8Array[]): string[] {
  const decoder = new TextDecoder('utf-8');
  const out: string[] = [];
  let pending = '';
  const push = (line: string) =>
    out.push(`${out.length + 1}:${line.endsWith('\r') ? line.slice(0, -1) : line}`);
  for (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n', start); nl >= 0; nl = pending.indexOf('\n', start)) {
      push(pending.slice(start, nl));
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) push(pending);
  return out;
}

describe('splitLines contract', () => {
  it.each([
    ['', []],
    ['a', ['1:a']],
    ['a\n', ['1:a']],
    ['a\nb', ['1:a', '2:b']],
    ['\n\n', ['1:', '2:']],
    ['a\r\nb\r\n', ['1:a', '2:b']],
    ['a\rb\r\r\n\r', ['1:a\rb\r', '2:']],
    ['\xef\xbb\xbfa\n\xef\xbb\xbfb', ['1:a', '2:\ufeffb']],
    ['\xef\xbb\xbf', []],
    ['\xef\xbb\xbf\r', ['1:']],
    ['\n\xef\xbb\xbfb', ['1:', '2:\ufeffb']],
    ['caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80', ['1:café € 😀']],
    ['\xff\n\xe2\x82\n\xe2\x82', ['1:\ufffd', '2:\ufffd', '3:\ufffd']],
    [
      '\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80',
      [`1:${'\ufffd'.repeat(2)}|${'\ufffd'.repeat(3)}|${'\ufffd'.repeat(4)}`],
    ],
    ['\xe2\x82\r\n', ['1:\ufffd']],
  ])('%j gives %j', async (input, expected) => {
    const bytes = bytesOf(input);
    expect(await split(bytes)).toEqual(expected);
    expect(streamingDecoderLines([bytes])).toEqual(expected);
  });

  it('gives the same lines for a chunk boundary at every byte offset, and for 1-byte chunks', async () => {
    const bytes = bytesOf(
      '\xef\xbb\xbfid,caf\xc3\xa9\r\n\xe2\x82\xac\xf0\x9f\x98\x80\n\n\xff\xe2\x82\n\xc3\xa9\xc3\r\n\xf0\x9f\x98',
    );
    const expected = ['1:id,café', '2:€😀', '3:', '4:\ufffd\ufffd', '5:é\ufffd', '6:\ufffd'];
    expect(await split(bytes)).toEqual(expected);
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) expect(await split(bytes, [i, j])).toEqual(expected);
    }
    const everyByte = Array.from({ length: bytes.length }, (_, i) => i + 1);
    expect(await split(bytes, everyByte)).toEqual(expected);
  });

  it('equals the streaming decoder for random bytes and random chunkings', async () => {
    const alphabet = [
      0x0a, 0x0d, 0x41, 0xef, 0xbb, 0xbf, 0xc0, 0xc3, 0xa9, 0x80, 0xe0, 0xa0, 0xed, 0xf0, 0x9f,
    ];
    const bytesArb = fc.array(fc.constantFrom(...alphabet, 0xf4, 0x90, 0xff, 0xe2, 0x82), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(bytesArb, fc.array(fc.nat(40)), async (values, rawCuts) => {
        const bytes = Uint8Array.from(values);
        const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const reference = streamingDecoderLines(await arrayOf(chunked(bytes, cuts)));
        expect(await split(bytes, cuts)).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
  });

  it('joins a long line spread over many chunks, multi-byte characters cut at the boundaries', async () => {
    const text = `${'é€😀x'.repeat(300_000)}`;
    const bytes = new TextEncoder().encode(`a\n${text}\r\nb`);
    const cuts = Array.from({ length: Math.floor(bytes.length / 65_537) }, (_, i) => (i + 1) * 65_537);
    const lines: NumberedLine[] = [];
    for await (const line of splitLines(chunked(bytes, cuts), 'in.txt')) lines.push(line);
    expect(lines.map((l) => l.lineNumber)).toEqual([1, 2, 3]);
    expect(lines[1]?.line === text).toBe(true);
    expect(lines[2]?.line).toBe('b');
  });
});

async function arrayOf(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

describe('splitLines on hostile lines', () => {
  async function failure(source: AsyncIterable<NumberedLine>, seen: string[]): Promise<TraceFileError> {
    try {
      for await (const { line } of source) seen.push(line);
    } catch (error) {
      expect(error).toBeInstanceOf(TraceFileError);
      return error as TraceFileError;
    }
    throw new Error('expected a TraceFileError');
  }

  it('takes a line of exactly maxLineBytes and rejects one byte more, naming file and line', async () => {
    const bytes = bytesOf('ok\n12345678\r\n1234567890\nnever');
    for (const cuts of [[], [4], [5, 9, 14, 16], [14, 20]]) {
      const seen: string[] = [];
      const error = await failure(splitLines(chunked(bytes, cuts), 'in.txt', { maxLineBytes: 9 }), seen);
      expect(seen).toEqual(['ok', '12345678']);
      expect(error.code).toBe('AUTOSCOPE_TRACE_FILE');
      expect(error.position).toBe('line 3');
      expect(error.message).toMatch(/^in\.txt:line 3: the line is longer than 9 bytes/);
    }
  });

  it('stops reading as soon as a line passes the limit, so a file without newlines cannot fill memory', async () => {
    const block = new Uint8Array(64 * 1024).fill(0x41);
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield bytesOf('first\n');
      for (;;) {
        pulled++;
        yield block;
      }
    }
    const seen: string[] = [];
    const error = await failure(splitLines(endless(), 'big.jsonl', { maxLineBytes: 1 << 20 }), seen);
    expect(seen).toEqual(['first']);
    expect(error.position).toBe('line 2');
    expect(pulled).toBe(17);
  });
});

describe('readLines on files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autoscope-lines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = '\ufeffTraceID,Name\r\nt1,café\n\nt2,€ and 😀\nt3,last';
  const expected = ['1:TraceID,Name', '2:t1,café', '3:', '4:t2,€ and 😀', '5:t3,last'];

  it('reads plain and gzipped files alike, at any chunk size', async () => {
    const plain = join(dir, 'plain.csv');
    const gzipped = join(dir, 'data.csv.gz');
    writeFileSync(plain, text);
    writeFileSync(gzipped, gzipSync(Buffer.from(text)));
    for (const chunkBytes of [1, 2, 3, 5, 64, undefined]) {
      const options = chunkBytes === undefined ? {} : { chunkBytes };
      expect(await collect(readLines(plain, options))).toEqual(expected);
      expect(await collect(readLines(gzipped, options))).toEqual(expected);
    }
  });

  it('names the file in the error for a line over the limit', async () => {
    const path = join(dir, 'long.jsonl');
    writeFileSync(path, `{}\n${'x'.repeat(5000)}\n{}\n`);
    await expect(collect(readLines(path, { maxLineBytes: 4096, chunkBytes: 1024 }))).rejects.toThrow(
      `${path}:line 2: the line is longer than 4096 bytes`,
    );
  });
});

const MINUTE = join(
  import.meta.dirname,
  '../../../../../shared/datasets/nezha-trainticket/rca_data/2023-01-29/trace/08_43_trace.csv',
);

describe.skipIf(!existsSync(MINUTE))('readLines on TrainTicket (shared/datasets/nezha-trainticket)', () => {
  it("gives the streaming decoder's lines for a real minute file, at small and default chunk sizes", async () => {
    const reference = streamingDecoderLines([readFileSync(MINUTE)]);
    // 4,446 lines: the header and 4,445 rows (`wc -l`).
    expect(reference).toHaveLength(4446);
    expect(await collect(readLines(MINUTE, { chunkBytes: 4093 }))).toEqual(reference);
    expect(await collect(readLines(MINUTE))).toEqual(reference);
  });
});
