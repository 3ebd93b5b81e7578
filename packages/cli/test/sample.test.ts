import { existsSync } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Span } from '@autoscope/core';
import { readOtlpJsonFile, readOtlpProtobufFile } from '@autoscope/formats';
import { describe, expect, it } from 'vitest';
import { autoscope } from './run-cli.js';

const TRAINTICKET_DAY1 = resolve(
  import.meta.dirname,
  '../../../../shared/datasets/nezha-trainticket/rca_data/2023-01-29/trace',
);

/** A research-layout CSV of `traces` traces: gateway → service → db ×3, with an occasional slow call. */
function syntheticCsv(traces: number): string {
  const rows = ['TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration'];
  const base = 1_700_000_000_000_000_000n;
  for (let t = 0; t < traces; t++) {
    const trace = (t + 1).toString(16).padStart(32, '0');
    const id = (k: number) => (t * 16 + k + 1).toString(16).padStart(16, '0');
    const start = base + BigInt(t) * 100_000_000n;
    const slow = t % 40 === 39 ? 40_000_000n : 0n;
    const span = (k: number, parent: string, pod: string, name: string, offset: bigint, duration: bigint) =>
      rows.push(
        `${trace},${id(k)},${parent},${pod},${name},${start + offset},${start + offset + duration},${duration / 1000n}`,
      );
    span(0, 'root', 'gateway-6f6cfc45b-h5m2n', '/*', 0n, 9_000_000n + slow);
    span(
      1,
      id(0),
      'orders-7f8d7d756d-k7b9j',
      'OrderController.get',
      100_000n,
      8_000_000n + slow + BigInt(t % 7) * 1000n,
    );
    for (let q = 0; q < 3; q++) {
      span(
        2 + q,
        id(1),
        'orders-7f8d7d756d-k7b9j',
        'SELECT orders',
        200_000n + BigInt(q) * 10_000n,
        500_000n + BigInt(t % 5) * 100n,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

async function readAll(iterable: AsyncIterable<readonly Span[]>): Promise<Span[]> {
  const spans: Span[] = [];
  for await (const batch of iterable) spans.push(...batch);
  return spans;
}

function expectNoOrphansAndEveryTrace(spans: readonly Span[], traceCount: number): void {
  const byTrace = new Map<string, Set<string>>();
  for (const s of spans) byTrace.set(s.traceId, (byTrace.get(s.traceId) ?? new Set()).add(s.spanId));
  expect(byTrace.size).toBe(traceCount);
  for (const s of spans)
    if (s.parentSpanId !== '') expect(byTrace.get(s.traceId)!.has(s.parentSpanId)).toBe(true);
}

describe('autoscope sample', () => {
  it('samples a CSV file to OTLP JSON lines: every trace kept, no orphans, summary in JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoscope-sample-'));
    await writeFile(join(dir, 'in.csv'), syntheticCsv(400));
    const result = await autoscope([
      'sample',
      '--in',
      join(dir, 'in.csv'),
      '--out',
      join(dir, 'out.jsonl'),
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ format: 'csv', traces: 400, spansIn: 2000 });
    expect(summary.spansOut).toBeLessThan(summary.spansIn);
    expect(summary.bytesOut).toBeLessThan(summary.bytesIn);
    expect(summary.kept.root).toBe(400);
    expectNoOrphansAndEveryTrace(await readAll(readOtlpJsonFile(join(dir, 'out.jsonl'))), 400);
  });

  it('writes OTLP protobuf by extension, in skeleton mode with every span present', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoscope-sample-'));
    await writeFile(join(dir, 'in.csv'), syntheticCsv(50));
    const result = await autoscope([
      'sample',
      '--in',
      join(dir, 'in.csv'),
      '--out',
      join(dir, 'out.pb.gz'),
      '--structure',
      'skeleton',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const spans = await readAll(readOtlpProtobufFile(join(dir, 'out.pb.gz')));
    expect(spans).toHaveLength(250);
    expectNoOrphansAndEveryTrace(spans, 50);
  });

  it('reports the same output bytes for .jsonl and .pb output, and a .pb file of exactly that size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoscope-sample-'));
    await writeFile(join(dir, 'in.csv'), syntheticCsv(120));
    const run = async (out: string) => {
      const result = await autoscope([
        'sample',
        '--in',
        join(dir, 'in.csv'),
        '--out',
        join(dir, out),
        '--json',
      ]);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as { bytesIn: number; bytesOut: number };
    };
    const json = await run('out.jsonl');
    const proto = await run('out.pb');
    expect(proto.bytesOut).toBeGreaterThan(0);
    expect(proto).toEqual({ ...proto, bytesIn: json.bytesIn, bytesOut: json.bytesOut });
    expect((await stat(join(dir, 'out.pb'))).size).toBe(proto.bytesOut);
  });

  it('prints help, and fails with meaningful exit codes and messages on bad input', async () => {
    const help = await autoscope(['sample', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--keep-ratio');
    const unknown = await autoscope(['sample', '--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--nope');
    const badRatio = await autoscope(['sample', '--in', 'x', '--out', 'y.jsonl', '--keep-ratio', '7']);
    expect(badRatio.code).toBe(2);
    expect(badRatio.stderr).toContain('--keep-ratio');
    const missing = await autoscope(['sample', '--in', '/nonexistent/file.csv', '--out', '/tmp/x.jsonl']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('/nonexistent/file.csv');
    const dir = await mkdtemp(join(tmpdir(), 'autoscope-sample-'));
    await writeFile(join(dir, 'empty.json'), '');
    const empty = await autoscope(['sample', '--in', join(dir, 'empty.json'), '--out', join(dir, 'o.jsonl')]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('empty.json');
    const truncated = join(dir, 'cut.pb');
    await writeFile(truncated, Uint8Array.from([0x0a, 0x50, 0x0a, 0x03]));
    const cut = await autoscope(['sample', '--in', truncated, '--out', join(dir, 'o2.jsonl')]);
    expect(cut.code).toBe(3);
    expect(cut.stderr).toContain('cut.pb');
  });

  it.skipIf(!existsSync(TRAINTICKET_DAY1))(
    'TrainTicket day 1: ≥80% fewer OTLP bytes, no orphans, every trace kept',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'autoscope-tt-'));
      const out = join(dir, 'out.jsonl');
      const result = await autoscope(['sample', '--in', TRAINTICKET_DAY1, '--out', out, '--json']);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.traces).toBe(4483);
      expect(summary.sizeReduction).toBeGreaterThanOrEqual(0.8);
      expectNoOrphansAndEveryTrace(await readAll(readOtlpJsonFile(out)), 4483);
    },
  );
});

if (!existsSync(TRAINTICKET_DAY1)) {
  process.stderr.write(
    `sample.test.ts: TrainTicket data not found at ${TRAINTICKET_DAY1}; its test is skipped\n`,
  );
}
