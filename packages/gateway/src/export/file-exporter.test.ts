import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeResource, makeScope, makeSpan, stringAttr } from '@autoscope/core';
import { decodeTraceRequestJson, encodeTraceRequest, stringifyTraceRequestJson } from '@autoscope/otlp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportShutdownError } from './errors.js';
import { FileExporter } from './file-exporter.js';

function spans(trace: number, count: number) {
  const resource = makeResource([stringAttr('service.name', 'cart')]);
  const scope = makeScope('test');
  return Array.from({ length: count }, (_, i) =>
    makeSpan({
      traceId: trace.toString(16).padStart(32, '0'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? '' : '0000000000000001',
      name: `op-${i}`,
      startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i),
      endTimeUnixNano: 1_700_000_000_000_000_500n,
      resource,
      scope,
    }),
  );
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoscope-file-exporter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every line of every file in `dir`, decoded: [traceId, span count] per line. */
async function lines(): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (const name of (await readdir(dir)).sort()) {
    const text = await readFile(join(dir, name), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trimEnd().split('\n')) {
      const decoded = decodeTraceRequestJson(JSON.parse(line));
      out.push([decoded[0]?.traceId ?? '', decoded.length]);
    }
  }
  return out;
}

describe('FileExporter', () => {
  it('writes one OTLP/JSON request per line, in export order, that round-trips to the same spans', async () => {
    const path = join(dir, 'traces.jsonl');
    const exporter = new FileExporter({ path });
    const input = [spans(1, 3), spans(2, 1), spans(3, 4)];
    await Promise.all(input.map((s) => exporter.export(encodeTraceRequest(s), s.length)));
    await exporter.shutdown();
    const text = await readFile(path, 'utf8');
    expect(text).toBe(input.map((s) => `${stringifyTraceRequestJson(s)}\n`).join(''));
    expect(decodeTraceRequestJson(JSON.parse(text.split('\n')[0] as string))).toEqual(input[0]);
    expect(exporter.stats()).toMatchObject({ sentRequests: 3, sentSpans: 8 });
  });

  it('accepts OTLP/JSON requests as well as protobuf', async () => {
    const path = join(dir, 'traces.jsonl');
    const exporter = new FileExporter({ path });
    const json = new TextEncoder().encode(
      `  ${JSON.stringify(JSON.parse(stringifyTraceRequestJson(spans(7, 2))), null, 2)}`,
    );
    await exporter.export(json, 2);
    await exporter.shutdown();
    expect(await lines()).toEqual([['7'.padStart(32, '0'), 2]]);
  });

  it('rotates past rotateBytes, keeping every line whole', async () => {
    const path = join(dir, 'traces.jsonl');
    const exporter = new FileExporter({ path, rotateBytes: 2000 });
    for (let t = 1; t <= 12; t++) await exporter.export(encodeTraceRequest(spans(t, 3)), 3);
    await exporter.shutdown();
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(2);
    expect(files.filter((f) => /^traces-\d{4}-\d\d-\d\dT[\d-]+\.\d{3}(-\d+)?\.jsonl$/.test(f))).toHaveLength(
      files.length - 1,
    );
    const found = await lines();
    expect(found.map(([, n]) => n)).toEqual(Array(12).fill(3));
    expect(new Set(found.map(([id]) => id)).size).toBe(12);
  });

  it('rejects an undecodable request with the decoder error and keeps going', async () => {
    const path = join(dir, 'traces.jsonl');
    const exporter = new FileExporter({ path });
    await expect(exporter.export(new Uint8Array([0x0a, 0xff, 0xff, 0xff]), 5)).rejects.toMatchObject({
      code: 'AUTOSCOPE_OTLP_DECODE',
    });
    await expect(exporter.export(new TextEncoder().encode('{"resourceSpans": 3}'), 1)).rejects.toThrow(
      /resourceSpans/,
    );
    await exporter.export(encodeTraceRequest(spans(1, 2)), 2);
    await exporter.shutdown();
    expect(await lines()).toEqual([['1'.padStart(32, '0'), 2]]);
    expect(exporter.stats()).toMatchObject({ failedSpans: 6, sentSpans: 2 });
  });

  it('refuses exports after shutdown, and bad options', async () => {
    const exporter = new FileExporter({ path: join(dir, 'x.jsonl') });
    await exporter.shutdown();
    await expect(exporter.export(encodeTraceRequest(spans(1, 1)), 1)).rejects.toBeInstanceOf(
      ExportShutdownError,
    );
    expect(() => new FileExporter({ path: join(dir, 'y'), rotateBytes: -5 })).toThrow(/rotateBytes/);
  });
});
