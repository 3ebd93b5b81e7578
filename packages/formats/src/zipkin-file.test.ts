import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Span } from '@autoscope/core';
import { findAttribute, SpanKind, StatusCode } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { TraceFileError } from './errors.js';
import { newReadStats } from './source.js';
import { readZipkinSpans } from './zipkin-file.js';
import { ZIPKIN_IMPORT_SCOPE } from './zipkin-span.js';

const CLIENT = {
  traceId: '5af7183fb1d4cf5f',
  parentId: '6b221d5bc9e6496c',
  id: '352bff9a74ca9ad2',
  kind: 'CLIENT',
  name: 'get /api',
  timestamp: 1556604172355737,
  duration: 1431,
  localEndpoint: { serviceName: 'frontend', ipv4: '192.168.99.1', port: 3306 },
  remoteEndpoint: { serviceName: 'backend', ipv4: '172.19.0.2', port: 9000 },
  tags: { 'http.method': 'GET', 'http.path': '/api', error: 'connection refused' },
  annotations: [{ timestamp: 1556604172355800, value: 'wire.send' }],
};
const SERVER = {
  traceId: '463ac35c9f6413ad48485a3953bb6124',
  id: 'a2fb4a1d1a96d312',
  kind: 'SERVER',
  name: 'post /orders',
  timestamp: 1556604172355000,
  duration: 2000,
  localEndpoint: { serviceName: 'frontend' },
  tags: { 'otel.status_code': 'ERROR', 'otel.status_description': 'boom', n: 5 },
};

async function writeTemp(name: string, content: string | Uint8Array): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'autoscope-zipkin-')), name);
  await writeFile(file, content);
  return file;
}

async function readAll(path: string, stats = newReadStats()): Promise<Span[]> {
  const spans: Span[] = [];
  for await (const batch of readZipkinSpans(path, stats)) spans.push(...batch);
  return spans;
}

describe('readZipkinSpans', () => {
  it('maps Zipkin v2 spans', async () => {
    const [client, server] = await readAll(await writeTemp('spans.json', JSON.stringify([CLIENT, SERVER])));
    expect(client).toMatchObject({
      traceId: '00000000000000005af7183fb1d4cf5f',
      spanId: '352bff9a74ca9ad2',
      parentSpanId: '6b221d5bc9e6496c',
      name: 'get /api',
      kind: SpanKind.CLIENT,
      status: { code: StatusCode.ERROR, message: 'connection refused' },
    });
    expect(client?.startTimeUnixNano).toBe(1556604172355737000n);
    expect(client?.endTimeUnixNano).toBe(1556604172357168000n);
    expect(client?.attributes).toEqual([
      { key: 'http.method', value: { stringValue: 'GET' } },
      { key: 'http.path', value: { stringValue: '/api' } },
      { key: 'peer.service', value: { stringValue: 'backend' } },
      { key: 'net.peer.ip', value: { stringValue: '172.19.0.2' } },
      { key: 'net.peer.port', value: { intValue: 9000n } },
      { key: 'server.address', value: { stringValue: 'backend' } },
      { key: 'server.port', value: { intValue: 9000n } },
    ]);
    expect(client?.events).toEqual([
      { timeUnixNano: 1556604172355800000n, name: 'wire.send', attributes: [], droppedAttributesCount: 0 },
    ]);
    expect(client?.resource.serviceName).toBe('frontend');
    expect(client?.scope).toBe(ZIPKIN_IMPORT_SCOPE);
    expect(server?.resource).toBe(client?.resource);
    expect(server).toMatchObject({
      parentSpanId: '',
      kind: SpanKind.SERVER,
      status: { code: StatusCode.ERROR, message: 'boom' },
    });
    expect(findAttribute(server!.attributes, 'n')).toEqual({ stringValue: '5' });
    expect(findAttribute(server!.attributes, 'otel.status_code')).toBeUndefined();
  });

  it('reads a gzipped file in batches', async () => {
    const spans = Array.from({ length: 2500 }, (_, i) => ({ ...SERVER, id: (i + 1).toString(16) }));
    const file = await writeTemp('spans.json.gz', gzipSync(JSON.stringify(spans)));
    const sizes: number[] = [];
    for await (const batch of readZipkinSpans(file)) sizes.push(batch.length);
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('skips spans with bad ids or times, counting them', async () => {
    const bad = [
      { ...SERVER, traceId: '463ac35c9f6413ad48485a3953bb61240' },
      { ...SERVER, id: '1a2fb4a1d1a96d312' },
      { ...SERVER, id: 'not-hex' },
      { ...SERVER, parentId: 'x' },
      { ...SERVER, traceId: '0000' },
      { ...SERVER, timestamp: undefined },
      { ...SERVER, duration: 'long' },
      [1],
    ];
    const stats = newReadStats();
    const good = [SERVER, { ...SERVER, parentId: '' }, { ...SERVER, parentId: '0000000000000000' }];
    const spans = await readAll(await writeTemp('bad.json', JSON.stringify([...bad, ...good])), stats);
    expect(spans.map((s) => s.parentSpanId)).toEqual(['', '', '']);
    expect(stats).toMatchObject({ records: 11, skipped: 8 });
    expect(stats.problems[0]).toMatch(/bad\.json:\[0\]: traceId is not 1 to 32 hex characters$/);
    expect(stats.problems[5]).toMatch(/\[5\]: timestamp is missing/);
  });

  it('rejects empty, truncated, non-array and invalid UTF-8 files', async () => {
    await expect(readAll(await writeTemp('empty.json', ''))).rejects.toThrow(/empty input/);
    const text = JSON.stringify([CLIENT, SERVER]);
    const cut = await readAll(await writeTemp('cut.json', text.slice(0, -30))).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(TraceFileError);
    expect((cut as TraceFileError).message).toMatch(/cut\.json:byte \d+: unexpected end of input/);
    await expect(readAll(await writeTemp('obj.json', '{"spans":[]}'))).rejects.toThrow(
      /expected an array at the top level/,
    );
    const bad = Buffer.concat([Buffer.from('[{"name":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}]')]);
    await expect(readAll(await writeTemp('utf8.json', bad))).rejects.toThrow(
      /utf8\.json:byte 1: invalid UTF-8/,
    );
  });

  it('keeps a 10 MB tag value', async () => {
    const big = 'z'.repeat(10 << 20);
    const [span] = await readAll(await writeTemp('big.json', JSON.stringify([{ ...SERVER, tags: { big } }])));
    expect(findAttribute(span!.attributes, 'big')).toEqual({ stringValue: big });
  });
});
