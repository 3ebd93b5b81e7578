import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeResource, makeScope, makeSpan, type Span } from '@autoscope/core';
import { encodedTraceRequestSize, encodeTraceRequest, stringifyTraceRequestJson } from '@autoscope/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceFileError } from './errors.js';
import {
  OtlpJsonLinesWriter,
  OtlpProtobufWriter,
  readOtlpJsonFile,
  readOtlpProtobufFile,
} from './otlp-file.js';
import { newReadStats } from './source.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoscope-otlp-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const resources = [0, 1, 2].map((i) =>
  makeResource([{ key: 'service.name', value: { stringValue: `svc-${i}` } }]),
);
const scope = makeScope('lib', '1.0');

/** `count` spans of `traces` traces; spans of trace t come from resource t % 3. */
function spansOf(traces: number, perTrace: number): Span[][] {
  return Array.from({ length: traces }, (_, t) =>
    Array.from({ length: perTrace }, (_, i) =>
      makeSpan({
        traceId: (t + 1).toString(16).padStart(32, '0'),
        spanId: (t * 1000 + i + 1).toString(16).padStart(16, '0'),
        parentSpanId: i === 0 ? '' : (t * 1000 + i).toString(16).padStart(16, '0'),
        name: `op-${i} ${'x'.repeat(i % 40)}`,
        startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i),
        endTimeUnixNano: 1_700_000_000_000_000_500n + BigInt(i),
        attributes: [{ key: 'i', value: { intValue: BigInt(i) } }],
        resource: resources[t % 3]!,
        scope,
      }),
    ),
  );
}

async function readAll(source: AsyncIterable<Span[]>): Promise<Span[]> {
  const out: Span[] = [];
  for await (const batch of source) out.push(...batch);
  return out;
}

const ids = (spans: readonly Span[]) => spans.map((s) => s.spanId).sort();

describe('OTLP protobuf files', () => {
  for (const framing of ['concatenated', 'length-prefixed'] as const) {
    for (const name of [`traces-${framing}.pb`, `traces-${framing}.pb.gz`]) {
      it(`writes and streams back ${name}, across read chunk boundaries`, async () => {
        const path = join(dir, name);
        const traces = spansOf(40, 120); // about 0.6 MB: ResourceSpans straddle the 1 MiB read chunks when gunzipped
        const writer = new OtlpProtobufWriter(path, { framing });
        for (const trace of traces) await writer.write(trace);
        await writer.close();
        // Requests only: no frame prefixes, sizes before gzip.
        const requests = traces.reduce((sum, trace) => sum + encodedTraceRequestSize(trace), 0);
        expect(writer.encodedBytes).toBe(requests);
        const stats = newReadStats();
        const back = await readAll(readOtlpProtobufFile(path, stats, { batchSize: 500 }));
        expect(ids(back)).toEqual(ids(traces.flat()));
        expect(stats).toEqual({ records: 4800, skipped: 0, problems: [] });
        expect(back.find((s) => s.spanId === traces[4]![3]!.spanId)).toEqual(traces[4]![3]);
      });
    }
  }

  it('gathers small requests into chunks without changing a byte', async () => {
    const path = join(dir, 'gathered.pb');
    const traces = spansOf(2500, 3); // many small requests: several 256 KiB chunks and a partial last one
    const writer = new OtlpProtobufWriter(path);
    for (const trace of traces) await writer.write(trace);
    await writer.write([]);
    await writer.close();
    const expected = Buffer.concat(traces.map((trace) => encodeTraceRequest(trace)));
    expect(expected.length).toBeGreaterThan(2 * 256 * 1024);
    expect(Buffer.compare(await readFile(path), expected)).toBe(0);
    expect(writer.encodedBytes).toBe(expected.length);
  });

  it('streams a single big request, one ResourceSpans at a time', async () => {
    const path = join(dir, 'big.pb');
    const all = spansOf(300, 30).flat();
    await writeFile(path, encodeTraceRequest(all));
    const batches: number[] = [];
    for await (const batch of readOtlpProtobufFile(path, newReadStats(), { batchSize: 1 }))
      batches.push(batch.length);
    expect(batches).toEqual([3000, 3000, 3000]); // one per resource
  });

  it('skips a malformed ResourceSpans with its offset and path, and keeps the rest', async () => {
    const path = join(dir, 'bad-middle.pb');
    const [a, b, c] = spansOf(3, 2);
    const bad = encodeTraceRequest(b!);
    bad[bad.length - 30] = 0xff; // inside the last span of the middle request
    await writeFile(path, Buffer.concat([encodeTraceRequest(a!), bad, encodeTraceRequest(c!)]));
    const stats = newReadStats();
    const back = await readAll(readOtlpProtobufFile(path, stats));
    expect(ids(back)).toEqual(ids([...a!, ...c!]));
    expect(stats.skipped).toBe(1);
    expect(stats.problems[0]).toMatch(
      /bad-middle\.pb: byte \d+: resource_spans\[1\]\.scope_spans\[0\]\.spans\[1\]/,
    );
  });

  it('yields what came before a truncation, then throws a TraceFileError with the offset', async () => {
    const path = join(dir, 'truncated.pb');
    const [a, b] = spansOf(2, 5);
    const whole = Buffer.concat([encodeTraceRequest(a!), encodeTraceRequest(b!)]);
    await writeFile(path, whole.subarray(0, whole.length - 7));
    const seen: Span[] = [];
    const read = async () => {
      for await (const batch of readOtlpProtobufFile(path, newReadStats(), { batchSize: 1 }))
        seen.push(...batch);
    };
    await expect(read()).rejects.toThrow(TraceFileError);
    await expect(read()).rejects.toThrow(/truncated\.pb:byte \d+: truncated/);
    expect(ids(seen.slice(0, 5))).toEqual(ids(a!));
  });

  it('reads an empty file as no spans and rejects a bad frame', async () => {
    const empty = join(dir, 'empty.pb');
    await writeFile(empty, new Uint8Array(0));
    expect(await readAll(readOtlpProtobufFile(empty))).toEqual([]);
    const badFrame = join(dir, 'bad-frame.pb');
    await writeFile(badFrame, new Uint8Array([0, 0, 0, 200, 0x0a, 2, 0, 0]));
    await expect(readAll(readOtlpProtobufFile(badFrame))).rejects.toThrow(TraceFileError);
  });
});

describe('OTLP JSON files', () => {
  it('writes one request per line (gzipped too) and reads them back', async () => {
    for (const name of ['traces.jsonl', 'traces.jsonl.gz']) {
      const path = join(dir, name);
      const traces = spansOf(20, 10);
      const writer = new OtlpJsonLinesWriter(path);
      for (const trace of traces) await writer.write(trace);
      await writer.write([]);
      await writer.close();
      const stats = newReadStats();
      const back = await readAll(readOtlpJsonFile(path, stats, { batchSize: 50 }));
      expect(back).toEqual(traces.flat());
      expect(stats.records).toBe(200);
    }
    const text = await readFile(join(dir, 'traces.jsonl'), 'utf8');
    expect(text.split('\n')).toHaveLength(21);
  });

  it('counts and reports a bad line and reads the rest', async () => {
    const path = join(dir, 'bad-line.jsonl');
    const [a, b, c] = spansOf(3, 2);
    const broken = stringifyTraceRequestJson(b!).replace(/"spanId":"[0-9a-f]+"/, '"spanId":"xyz"');
    await writeFile(
      path,
      [stringifyTraceRequestJson(a!), '{not json', broken, '', stringifyTraceRequestJson(c!)].join('\n'),
    );
    const stats = newReadStats();
    const back = await readAll(readOtlpJsonFile(path, stats));
    expect(ids(back)).toEqual(ids([...a!, ...c!]));
    expect(stats.skipped).toBe(2);
    expect(stats.problems[0]).toMatch(/bad-line\.jsonl:2: invalid JSON/);
    expect(stats.problems[1]).toMatch(
      /bad-line\.jsonl:3: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.spanId/,
    );
  });

  it('reads one pretty-printed request document, gzipped or not', async () => {
    const spans = spansOf(6, 4).flat();
    const pretty = JSON.stringify(JSON.parse(stringifyTraceRequestJson(spans)), null, 2);
    const path = join(dir, 'pretty.json');
    await writeFile(path, pretty);
    await writeFile(`${path}.gz`, gzipSync(pretty));
    for (const p of [path, `${path}.gz`]) {
      const back = await readAll(readOtlpJsonFile(p, newReadStats(), { batchSize: 5 }));
      expect(ids(back)).toEqual(ids(spans));
    }
  });

  it('reads a pretty-printed document with snake_case names', async () => {
    const path = join(dir, 'snake.json');
    const doc = {
      resource_spans: [
        { scope_spans: [{ spans: [{ trace_id: 'ab'.repeat(16), span_id: 'cd'.repeat(8), name: 'x' }] }] },
      ],
    };
    await writeFile(path, JSON.stringify(doc, null, 2));
    const back = await readAll(readOtlpJsonFile(path));
    expect(back.map((s) => s.name)).toEqual(['x']);
  });
});
