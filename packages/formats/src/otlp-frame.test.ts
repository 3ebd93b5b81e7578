import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeResource, makeScope, makeSpan, type Span } from '@autoscope/core';
import { decodeTraceRequest, encodeTraceRequest, OtlpDecodeError } from '@autoscope/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceFileError } from './errors.js';
import { readOtlpProtobufFile } from './otlp-file.js';
import { ChunkCursor } from './otlp-file-bytes.js';
import { newReadStats } from './source.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoscope-otlp-frame-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const resource = makeResource([{ key: 'service.name', value: { stringValue: 'svc' } }]);
const scope = makeScope('lib');

function trace(t: number, n: number): Span[] {
  return Array.from({ length: n }, (_, i) =>
    makeSpan({
      traceId: (t + 1).toString(16).padStart(32, '0'),
      spanId: (t * 100 + i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? '' : (t * 100 + i).toString(16).padStart(16, '0'),
      name: `op-${i}`,
      startTimeUnixNano: 1n,
      endTimeUnixNano: 2n,
      resource,
      scope,
    }),
  );
}

function frame(body: Uint8Array): Buffer {
  const out = Buffer.alloc(4 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.set(body, 4);
  return out;
}

/** A top-level field the reader does not know (number 15, length-delimited) of `size` zero bytes. */
function unknownField(size: number): Buffer {
  const length: number[] = [];
  for (let n = size; ; n = Math.floor(n / 128)) {
    if (n < 128) {
      length.push(n);
      break;
    }
    length.push((n & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from([0x7a, ...length]), Buffer.alloc(size)]);
}

async function readAll(path: string) {
  const stats = newReadStats();
  const spans: Span[] = [];
  let error: unknown;
  try {
    for await (const batch of readOtlpProtobufFile(path, stats, { batchSize: 1 })) spans.push(...batch);
  } catch (caught) {
    error = caught;
  }
  return { spans, stats, error };
}

const ids = (spans: readonly Span[]) => spans.map((s) => s.spanId);

describe('length-prefixed frames read from memory', () => {
  it('skips unknown top-level fields of every wire type and reads the spans around them', async () => {
    const path = join(dir, 'unknown-fields.pb');
    const a = encodeTraceRequest(trace(0, 3));
    const b = encodeTraceRequest(trace(1, 2));
    // field 2 varint, field 3 fixed64, field 4 bytes, field 5 fixed32
    const unknown = Buffer.from([
      0x10, 0x96, 0x01, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x22, 2, 9, 9, 0x2d, 1, 2, 3, 4,
    ]);
    await writeFile(
      path,
      Buffer.concat([frame(Buffer.concat([unknown, a])), frame(Buffer.concat([b, unknown]))]),
    );
    const { spans, stats, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(ids(spans)).toEqual(ids([...trace(0, 3), ...trace(1, 2)]));
    expect(stats).toEqual({ records: 5, skipped: 0, problems: [] });
  });

  it('skips a malformed ResourceSpans, naming its absolute byte offset and path', async () => {
    const path = join(dir, 'bad-resource-spans.pb');
    const good = encodeTraceRequest(trace(0, 2));
    const bad = encodeTraceRequest(trace(1, 2));
    bad[bad.length - 20] = 0xff;
    let offset = -1;
    try {
      decodeTraceRequest(bad);
    } catch (error) {
      if (error instanceof OtlpDecodeError) offset = error.offset;
    }
    expect(offset).toBeGreaterThan(0);
    await writeFile(path, Buffer.concat([frame(good), frame(bad), frame(good)]));
    const { spans, stats, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(ids(spans)).toEqual(ids([...trace(0, 2), ...trace(0, 2)]));
    expect(stats.skipped).toBe(1);
    const at = 4 + good.length + 4 + offset;
    expect(stats.problems[0]).toMatch(
      new RegExp(`bad-resource-spans\\.pb: byte ${at}: resource_spans\\[1\\]\\.`),
    );
  });

  it('rejects a field running past its frame, after the spans before it', async () => {
    const path = join(dir, 'past-end.pb');
    const good = encodeTraceRequest(trace(0, 2));
    const overlong = Buffer.from([0x0a, 0x7f, 0x0a]); // a ResourceSpans of 127 bytes in a 3-byte frame
    await writeFile(path, Buffer.concat([frame(good), frame(overlong), frame(good)]));
    const { spans, error } = await readAll(path);
    expect(ids(spans)).toEqual(ids(trace(0, 2)));
    expect(error).toBeInstanceOf(TraceFileError);
    expect((error as Error).message).toMatch(
      new RegExp(`past-end\\.pb:byte ${4 + good.length}: a field runs past the end of the 3-byte frame`),
    );
  });

  it('yields the spans read before broken framing in full batches too, framed in memory or streamed', async () => {
    const good = encodeTraceRequest(trace(0, 2));
    const overlong = Buffer.from([0x0a, 0x7f]); // a ResourceSpans of 127 bytes that is not there
    const padding = unknownField(1_200_000); // a frame larger than a read chunk is streamed, not buffered
    const cases = {
      'in-memory.pb': Buffer.concat([frame(good), frame(Buffer.concat([good, overlong]))]),
      'streamed.pb': frame(Buffer.concat([padding, good, overlong])),
      'unframed.pb': Buffer.concat([good, overlong]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      const spans: Span[] = [];
      const read = async () => {
        for await (const batch of readOtlpProtobufFile(path)) spans.push(...batch); // batches of 1,000
      };
      await expect(read(), name).rejects.toThrow(TraceFileError);
      const expected = name === 'in-memory.pb' ? [...trace(0, 2), ...trace(0, 2)] : trace(0, 2);
      expect(ids(spans), name).toEqual(ids(expected));
    }
  });

  it('rejects field number 0 and a group wire type with the byte offset of the tag', async () => {
    const zero = join(dir, 'field-zero.pb');
    await writeFile(zero, frame(Buffer.from([0x00, 0x00])));
    expect(((await readAll(zero)).error as Error).message).toMatch(
      /byte 4: not OTLP protobuf: field number 0/,
    );
    const group = join(dir, 'group.pb');
    await writeFile(group, frame(Buffer.from([0x13, 0x00])));
    expect(((await readAll(group)).error as Error).message).toMatch(/byte 4: not OTLP protobuf: wire type 3/);
  });
});

describe('ChunkCursor', () => {
  it('hands out plain Uint8Arrays (never Buffers), as views or copies across chunks', async () => {
    async function* chunks() {
      yield Buffer.from([1, 2, 3, 4]);
      yield Buffer.from([5, 6, 7, 8]);
    }
    const cursor = new ChunkCursor(chunks(), 'mem');
    expect(await cursor.peek()).toBe(1);
    const inChunk = cursor.takeBuffered(2)!;
    expect(inChunk.constructor).toBe(Uint8Array);
    expect([...inChunk]).toEqual([1, 2]);
    expect(cursor.takeBuffered(3)).toBeUndefined(); // only 2 bytes left in the chunk: nothing consumed
    const across = await cursor.read(4);
    expect(across.constructor).toBe(Uint8Array);
    expect([...across]).toEqual([3, 4, 5, 6]);
    const view = await cursor.read(2);
    expect(view.constructor).toBe(Uint8Array);
    expect([...view]).toEqual([7, 8]);
    expect(cursor.offset).toBe(8);
  });
});
