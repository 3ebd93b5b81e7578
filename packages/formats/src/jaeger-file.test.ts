import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Span } from '@autoscope/core';
import { findAttribute, SpanKind, StatusCode } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { TraceFileError } from './errors.js';
import { readJaegerTraces } from './jaeger-file.js';
import { JAEGER_IMPORT_SCOPE } from './jaeger-span.js';
import { newReadStats } from './source.js';

const FIXTURE = join(import.meta.dirname, '../../../testdata/formats/jaeger-hotrod.json');
const TRACE_ID = '00000000000000006a4f4c2b1d3e5f70';

async function readAll(path: string, stats = newReadStats()): Promise<Span[]> {
  const spans: Span[] = [];
  for await (const batch of readJaegerTraces(path, stats)) spans.push(...batch);
  return spans;
}

async function writeTemp(name: string, content: string | Uint8Array): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'autoscope-jaeger-')), name);
  await writeFile(file, content);
  return file;
}

describe('readJaegerTraces', () => {
  it('maps a UI download: ids, times, references, kind, status, tags, logs', async () => {
    const stats = newReadStats();
    const [server, sql, redis, config] = await readAll(FIXTURE, stats);
    expect(stats).toMatchObject({ records: 4, skipped: 0 });
    expect(server).toMatchObject({ traceId: TRACE_ID, spanId: '6a4f4c2b1d3e5f70', parentSpanId: '' });
    expect(server?.kind).toBe(SpanKind.SERVER);
    expect(server?.startTimeUnixNano).toBe(1700000000000123000n);
    expect(server?.endTimeUnixNano).toBe(1700000000712468000n);
    expect(server?.attributes.map((kv) => kv.key)).toEqual([
      'http.method',
      'http.status_code',
      'sampler.param',
      'internal.span.format',
    ]);
    expect(findAttribute(server!.attributes, 'http.status_code')).toEqual({ intValue: 200n });
    expect(findAttribute(server!.attributes, 'sampler.param')).toEqual({ boolValue: true });
    expect(server?.events).toEqual([
      {
        timeUnixNano: 1700000000000200000n,
        name: 'HTTP request received',
        attributes: [{ key: 'level', value: { stringValue: 'info' } }],
        droppedAttributesCount: 0,
      },
    ]);
    expect(server?.scope).toBe(JAEGER_IMPORT_SCOPE);

    expect(sql).toMatchObject({ parentSpanId: '6a4f4c2b1d3e5f70', kind: SpanKind.CLIENT });
    expect(sql?.status).toEqual({ code: StatusCode.ERROR, message: 'deadline exceeded' });
    expect(findAttribute(sql!.attributes, 'error')).toBeUndefined();
    expect(sql?.events[0]?.name).toBe('log');
    expect(sql?.resource.serviceName).toBe('mysql');

    expect(redis?.parentSpanId).toBe('6a4f4c2b1d3e5f70');
    expect(redis?.links).toEqual([
      {
        traceId: TRACE_ID,
        spanId: '1b2c3d4e5f607182',
        traceState: '',
        attributes: [{ key: 'opentracing.ref_type', value: { stringValue: 'follows_from' } }],
        droppedAttributesCount: 0,
        flags: 0,
      },
    ]);
    expect(redis?.status.code).toBe(StatusCode.OK);
    expect(findAttribute(redis!.attributes, 'retry.count')).toEqual({ intValue: 9223372036854775807n });
    expect(findAttribute(redis!.attributes, 'load')).toEqual({ doubleValue: 0.25 });
    expect(findAttribute(redis!.attributes, 'blob')).toEqual({ bytesValue: new Uint8Array([0, 1, 2]) });

    expect(config).toMatchObject({ traceId: '00000000000000000000000000000abc', spanId: '0000000000000001' });
    expect(config?.resource).toBe(server?.resource);
    expect(findAttribute(server!.resource.attributes, 'hostname')).toEqual({ stringValue: 'host-1' });
  });

  it('reads a single trace object, a bare array of traces and a gzipped file the same way', async () => {
    const download = JSON.parse(await readFile(FIXTURE, 'utf8')) as { data: unknown[] };
    const single = await writeTemp('trace.json', JSON.stringify(download.data[0]));
    const spans = await readAll(single);
    expect(spans.map((s) => s.spanId)).toEqual(['6a4f4c2b1d3e5f70', '1b2c3d4e5f607182', '2c3d4e5f60718293']);
    const bare = await writeTemp('traces.json', JSON.stringify(download.data));
    expect(await readAll(bare)).toHaveLength(4);
    const gzipped = await writeTemp('download.json.gz', gzipSync(await readFile(FIXTURE)));
    expect((await readAll(gzipped)).map((s) => s.spanId)).toEqual(
      (await readAll(FIXTURE)).map((s) => s.spanId),
    );
  });

  it('skips bad spans and traces, counting them', async () => {
    const trace = {
      traceID: 'ab',
      spans: [
        { spanID: 'x1', startTime: 1 },
        { spanID: '12345678901234567', startTime: 1 },
        { spanID: '01', startTime: 'soon' },
        { spanID: '02', startTime: 5, duration: -1 },
        'nope',
        {
          spanID: '03',
          startTime: '1700000000000001',
          tags: [{ key: 'n', type: 'int64', value: 1.5 }, { value: 1 }],
        },
      ],
    };
    const file = await writeTemp('bad.json', JSON.stringify({ data: [trace, 7, { spans: {} }] }));
    const stats = newReadStats();
    const spans = await readAll(file, stats);
    expect(spans.map((s) => s.spanId)).toEqual(['0000000000000003']);
    expect(spans[0]?.startTimeUnixNano).toBe(1700000000000001000n);
    expect(spans[0]?.droppedAttributesCount).toBe(2);
    expect(stats).toMatchObject({ records: 8, skipped: 7 });
    expect(stats.problems[0]).toBe(`${file}:trace[0].spans[0]: spanID is not 1 to 16 hex characters`);
    expect(stats.problems[5]).toBe(`${file}:trace[1]: not a Jaeger trace (an object with a spans array)`);
  });

  it('rejects empty, truncated and invalid UTF-8 files with a byte offset', async () => {
    await expect(readAll(await writeTemp('empty.json', ''))).rejects.toThrow(
      /empty\.json:byte 0: empty input/,
    );
    const text = await readFile(FIXTURE, 'utf8');
    const truncated = await writeTemp('cut.json', text.slice(0, text.length - 40));
    const error = await readAll(truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraceFileError);
    expect((error as TraceFileError).position).toMatch(/^byte \d+$/);
    const bad = Buffer.concat([
      Buffer.from('{"data":[{"traceID":"a","spans":[],"x":"'),
      Buffer.from([0xff]),
      Buffer.from('"}]}'),
    ]);
    await expect(readAll(await writeTemp('utf8.json', bad))).rejects.toThrow(
      /utf8\.json:byte 9: invalid UTF-8/,
    );
  });

  it('keeps a 10 MB tag value', async () => {
    const big = 'v'.repeat(10 << 20);
    const trace = {
      traceID: '1',
      spans: [{ spanID: '1', startTime: 1, tags: [{ key: 'big', type: 'string', value: big }] }],
    };
    const [span] = await readAll(await writeTemp('big.json', JSON.stringify({ data: [trace] })));
    expect(findAttribute(span!.attributes, 'big')).toEqual({ stringValue: big });
  });
});
