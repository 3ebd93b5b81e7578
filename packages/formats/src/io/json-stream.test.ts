import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceFileError } from '../errors.js';
import { streamJsonArray } from './json-stream.js';

const encoder = new TextEncoder();

async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const size of sizes) {
    yield bytes.subarray(at, Math.min(bytes.length, at + size));
    at += size;
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

async function collect(
  input: string | Uint8Array,
  path: readonly string[],
  sizes: readonly number[] = [],
  wholeDocumentFallback = false,
): Promise<unknown[]> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const out: unknown[] = [];
  for await (const value of streamJsonArray(chunked(bytes, sizes), path, 'test.json', {
    wholeDocumentFallback,
  })) {
    out.push(value);
  }
  return out;
}

async function failure(input: string | Uint8Array, path: readonly string[], sizes: readonly number[] = []) {
  try {
    await collect(input, path, sizes);
  } catch (error) {
    expect(error).toBeInstanceOf(TraceFileError);
    return error as TraceFileError;
  }
  throw new Error('expected a TraceFileError');
}

const TRICKY_DOC =
  '\uFEFF { "skip": {"a":[1,{"}":"]"}], "b":"\\"{["}, "data" : [ {"s":"br{ce}s [and] \\"quotes\\" \\\\"},' +
  ' "h\u00e9\u20ac\u{1F600}", -1.5e3, true, null, [], {}, "\\u00e9\\n", [[["deep"]]] ], "tail": {"x": [1,2]} }\n';

describe('streamJsonArray', () => {
  it('yields the elements at a path, equal to JSON.parse', async () => {
    const expected = (JSON.parse(TRICKY_DOC.slice(1)) as { data: unknown[] }).data;
    expect(await collect(TRICKY_DOC, ['data'])).toEqual(expected);
  });

  it('gives the same result for every split point and for one-byte chunks', async () => {
    const bytes = encoder.encode(TRICKY_DOC);
    const expected = await collect(bytes, ['data']);
    for (let split = 0; split <= bytes.length; split++) {
      expect(await collect(bytes, ['data'], [split])).toEqual(expected);
    }
    expect(await collect(bytes, ['data'], new Array<number>(bytes.length).fill(1))).toEqual(expected);
  });

  it('matches JSON.parse for random documents split at random points', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 40 }),
        fc.boolean(),
        async (elements, sizes, wrap) => {
          const doc = wrap
            ? JSON.stringify({ other: elements, data: elements }, null, 1)
            : JSON.stringify(elements);
          const got = await collect(doc, wrap ? ['data'] : [], sizes);
          expect(got).toEqual(JSON.parse(JSON.stringify(elements)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads top-level arrays and nested paths', async () => {
    expect(await collect('[1, "a", {"b": [2]}]', [])).toEqual([1, 'a', { b: [2] }]);
    expect(await collect('[]', [])).toEqual([]);
    expect(await collect(' { "a" : { "b" : [ 7 ] } } ', ['a', 'b'])).toEqual([7]);
    expect(await collect('{"data":[1],"data":[2]}', ['data'])).toEqual([1]);
  });

  it('falls back to the whole document when asked', async () => {
    const trace = '{"traceID":"ab","spans":[{"x":"data"}],"data":5}';
    for (let split = 0; split <= trace.length; split++) {
      expect(await collect(trace, ['data'], [split], true)).toEqual([JSON.parse(trace)]);
    }
    expect(await collect('{"data":[1,2]}', ['data'], [3], true)).toEqual([1, 2]);
  });

  it('rejects empty and whitespace-only input', async () => {
    expect((await failure('', [])).message).toMatch(/test\.json:byte 0: empty input/);
    expect((await failure(' \n ', ['data'])).message).toMatch(/empty input/);
  });

  it('rejects every truncation of a valid document', async () => {
    const bytes = encoder.encode(TRICKY_DOC.trimEnd());
    for (let cut = 0; cut < bytes.length; cut++) {
      const error = await failure(bytes.subarray(0, cut), ['data'], [Math.max(1, cut >> 1)]);
      expect(error.file).toBe('test.json');
    }
  });

  it('names the byte offset of malformed input', async () => {
    expect((await failure('[1, 2 x]', [])).position).toBe('byte 6');
    expect((await failure('[1,]', [])).position).toBe('byte 3');
    expect((await failure('[{"a" 1}]', [])).position).toBe('byte 1');
    expect((await failure('[1] [2]', [])).message).toMatch(/byte 4: unexpected '\[' after the JSON document/);
    expect((await failure('{"data": 3}', ['data'])).message).toMatch(/expected an array at "data"/);
    expect((await failure('{"other": []}', ['data'])).message).toMatch(/no array at "data"/);
    expect((await failure('[1]', ['data'])).message).toMatch(/expected an object at the top level/);
    expect((await failure('{"a" 1}', ['data'])).position).toBe('byte 5');
    expect((await failure('[{"a":1]}]', [])).message).toMatch(/malformed JSON value/);
    expect((await failure('{"data":[1], "x": {"y" 2}}', ['data'])).message).toMatch(/malformed/);
  });

  it('rejects invalid UTF-8 with its position', async () => {
    const bytes = new Uint8Array([...encoder.encode('[1, "ok", "a'), 0xc3, 0x28, ...encoder.encode('"]')]);
    for (let split = 0; split <= bytes.length; split++) {
      const error = await failure(bytes, [], [split]);
      expect(error.position).toBe('byte 10');
      expect(error.message).toMatch(/invalid UTF-8/);
    }
  });

  it('streams a 10 MB string value in small chunks in linear time', async () => {
    const big = 'x'.repeat(10 << 20);
    const doc = encoder.encode(`{"data":[{"v":"${big}"},{"v":"\\"}"}]}`);
    const sizes = new Array<number>(Math.ceil(doc.length / 16384)).fill(16384);
    const started = performance.now();
    const got = (await collect(doc, ['data'], sizes)) as { v: string }[];
    expect(got[0]?.v.length).toBe(big.length);
    expect(got[1]?.v).toBe('"}');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('closes the input when the consumer stops early or parsing fails', async () => {
    let closed = 0;
    async function* source(text: string): AsyncGenerator<Uint8Array> {
      try {
        for (const part of text.split('|')) yield encoder.encode(part);
      } finally {
        closed++;
      }
    }
    for await (const value of streamJsonArray(source('[1,|2,|3]'), [], 's')) if (value === 1) break;
    const failing = streamJsonArray(source('[x,|2]'), [], 's');
    await expect(failing.next()).rejects.toBeInstanceOf(TraceFileError);
    expect(closed).toBe(2);
  });

  it('survives deep nesting without a stack overflow', async () => {
    const depth = 100_000;
    const doc = `[${'['.repeat(depth)}${']'.repeat(depth)}, 1]`;
    const got = await collect(doc, [], [4096]);
    expect(got[1]).toBe(1);
  });
});
