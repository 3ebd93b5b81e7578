import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Span } from '@autoscope/core';
import { findAttribute, SpanKind } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { CSV_IMPORT_SCOPE, readCsvTraces } from './csv-file.js';
import { TraceFileError } from './errors.js';
import { newReadStats } from './source.js';

const HEADER = 'TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration';
const T1 = 'b0103bb0161ad7fa352fe1828eeb643a';
const ROOT = `${T1},520b067330e3ede5,root,ts-gateway-service-6f6cfc45b-h5m2n,/*,1674981768697000000,1674981769015316530,318316`;
const CHILD = `${T1},a4424f20bffee416,520b067330e3ede5,ts-basic-service-5dc8d4f9fd-46997,HTTP POST,1674981768697763387,1674981769015072039,317308`;

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'autoscope-csv-'));
}

async function readAll(path: string, stats = newReadStats(), batchSize?: number): Promise<Span[]> {
  const spans: Span[] = [];
  const options = batchSize === undefined ? {} : { batchSize };
  for await (const batch of readCsvTraces(path, stats, options)) spans.push(...batch);
  return spans;
}

describe('readCsvTraces', () => {
  it('maps rows to spans with exact times, pod resources and the shared scope', async () => {
    const file = join(await tempDir(), 'one_trace.csv');
    await writeFile(file, `${HEADER}\n${ROOT}\r\n${CHILD}\n`);
    const [root, child] = await readAll(file);
    expect(root).toMatchObject({ traceId: T1, spanId: '520b067330e3ede5', parentSpanId: '', name: '/*' });
    expect(root?.startTimeUnixNano).toBe(1674981768697000000n);
    expect(child?.endTimeUnixNano).toBe(1674981769015072039n);
    expect(child?.parentSpanId).toBe('520b067330e3ede5');
    expect(child?.kind).toBe(SpanKind.UNSPECIFIED);
    expect(child?.resource.serviceName).toBe('ts-basic-service');
    expect(findAttribute(child!.resource.attributes, 'k8s.pod.name')).toEqual({
      stringValue: 'ts-basic-service-5dc8d4f9fd-46997',
    });
    expect(child?.scope).toBe(CSV_IMPORT_SCOPE);
    expect(CSV_IMPORT_SCOPE.name).toBe('autoscope.csv-import');
  });

  it('shares one resource per pod and batches', async () => {
    const file = join(await tempDir(), 'trace.csv');
    const rows = Array.from({ length: 25 }, (_, i) => {
      const id = (i + 1).toString(16).padStart(16, '0');
      return `${T1},${id},root,pod-${i % 2}-abc-def,op,1,2,1`;
    });
    await writeFile(file, `${HEADER}\n${rows.join('\n')}`);
    const batches: number[] = [];
    const spans: Span[] = [];
    for await (const batch of readCsvTraces(file, newReadStats(), { batchSize: 10 })) {
      batches.push(batch.length);
      spans.push(...batch);
    }
    expect(batches).toEqual([10, 10, 5]);
    expect(spans[0]?.resource).toBe(spans[2]?.resource);
    expect(spans[0]?.resource).not.toBe(spans[1]?.resource);
    expect(spans[1]?.resource.serviceName).toBe('pod-1');
  });

  it("accepts the artifact's column names in any order, with RFC 4180 quoting", async () => {
    const file = join(await tempDir(), 'artifact.csv');
    const header = 'Operation_Name, start_time ,trace_id,span_id,parent_id,pod_name,end_time,duration';
    const row = `"GET ""a,b""\nnext",10,${T1},00000000000000aa,,"frontend-1-2",20,0`;
    const zeroParent = `x,1,${T1},00000000000000ab,0000000000000000,p,2,0`;
    await writeFile(file, `${header}\n${row}\n${zeroParent}\n`);
    const [span, second] = await readAll(file);
    expect(second?.parentSpanId).toBe('');
    expect(span?.name).toBe('GET "a,b"\nnext');
    expect(span?.parentSpanId).toBe('');
    expect(span?.startTimeUnixNano).toBe(10n);
    expect(span?.resource.serviceName).toBe('frontend');
  });

  it('skips and reports bad rows, and reads on', async () => {
    const file = join(await tempDir(), 'bad_trace.csv');
    const bad = [
      `${T1},520b067330e3ede5,root,p,op,1,2`,
      `${T1.slice(2)},520b067330e3ede5,root,p,op,1,2,1`,
      `${T1},520b067330e3ede,root,p,op,1,2,1`,
      `${T1},520b067330e3ede5,nope,p,op,1,2,1`,
      `${T1},520b067330e3ede5,root,p,op,1.5,2,1`,
      `${T1},520b067330e3ede5,root,p,op,1,-2,1`,
      `${T1},zz0b067330e3ede5,root,p,op,1,2,1`,
      `00000000000000000000000000000000,520b067330e3ede5,root,p,op,1,2,1`,
    ];
    await writeFile(file, [HEADER, ...bad, '', ROOT, ...bad, CHILD].join('\n'));
    const stats = newReadStats();
    const spans = await readAll(file, stats);
    expect(spans.map((s) => s.spanId)).toEqual(['520b067330e3ede5', 'a4424f20bffee416']);
    expect(stats).toMatchObject({ records: 18, skipped: 16 });
    expect(stats.problems).toHaveLength(10);
    expect(stats.problems[0]).toBe(`${file}:2: expected 8 columns, found 7`);
    expect(stats.problems[1]).toMatch(/:3: trace id is not 32 hex/);
    expect(stats.problems[4]).toMatch(/:6: start time is not Unix nanoseconds: "1.5"/);
  });

  it('skips a row whose time has 20 digits but does not fit the OTLP uint64', async () => {
    const file = join(await tempDir(), 'big_trace.csv');
    const rows = [`${T1},520b067330e3ede5,root,p,op,1,99999999999999999999,1`, ROOT];
    await writeFile(file, [HEADER, ...rows].join('\n'));
    const stats = newReadStats();
    const spans = await readAll(file, stats);
    expect(spans).toHaveLength(1);
    expect(stats.problems[0]).toMatch(/:2: end time is past the uint64 range: "99999999999999999999"/);
  });

  it('reads a folder recursively in path order, skipping files with other headers', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'b', 'trace'), { recursive: true });
    await mkdir(join(dir, 'a', 'traceid'), { recursive: true });
    await writeFile(join(dir, 'b', 'trace', '01_trace.csv'), `${HEADER}\n${CHILD}\n`);
    await writeFile(join(dir, 'a', '00_trace.csv.gz'), gzipSync(`${HEADER}\n${ROOT}\n`));
    await writeFile(join(dir, 'a', 'traceid', '00_traceid.csv'), `${T1}\n`);
    await writeFile(join(dir, 'a', 'log.csv'), 'Timestamp,Log\n1,x\n');
    const stats = newReadStats();
    const spans = await readAll(dir, stats);
    expect(spans.map((s) => s.name)).toEqual(['/*', 'HTTP POST']);
    expect(stats.problems).toHaveLength(1);
    expect(stats.problems[0]).toMatch(
      /skipped 1 CSV file\(s\) whose header is not a trace header.*00_traceid\.csv$/,
    );
  });

  it('reads every .csv of a folder when none is named *trace*', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'spans.csv'), `${HEADER}\n${ROOT}\n`);
    await writeFile(join(dir, 'notes.txt'), 'not csv');
    expect(await readAll(dir)).toHaveLength(1);
  });

  it('rejects a named file that is empty or has no trace header, and a missing path', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'empty.csv'), '');
    await writeFile(join(dir, 'log.csv'), 'Timestamp,Log\n');
    await expect(readAll(join(dir, 'empty.csv'))).rejects.toThrow(/empty\.csv:line 1: the file is empty/);
    await expect(readAll(join(dir, 'log.csv'))).rejects.toBeInstanceOf(TraceFileError);
    await expect(readAll(join(dir, 'missing.csv'))).rejects.toThrow(/cannot read this path/);
  });

  it('survives an unclosed quote, invalid UTF-8 and a 10 MB operation name', async () => {
    const dir = await tempDir();
    const huge = 'o'.repeat(10 << 20);
    const latin1 = Buffer.from(`${T1},00000000000000bb,root,p-1-2,caf\xe9,1,2,1\n`, 'latin1');
    const body = Buffer.concat([
      Buffer.from(`${HEADER}\n${T1},00000000000000aa,root,p-1-2,${huge},1,2,1\n`),
      latin1,
      Buffer.from(`${ROOT}\n${T1},00000000000000cc,root,p-1-2,"unclosed,1,2,1\n${CHILD}\n`),
    ]);
    await writeFile(join(dir, 'x_trace.csv'), body);
    const stats = newReadStats();
    const spans = await readAll(join(dir, 'x_trace.csv'), stats);
    expect(spans.map((s) => s.name.length)).toEqual([huge.length, 4, 2]);
    expect(spans[1]?.name).toBe('caf\uFFFD');
    expect(stats.skipped).toBe(1);
    expect(stats.problems[0]).toMatch(/x_trace\.csv:5: quoted field not closed at the end of the file/);
  });
});

const DATASET = join(import.meta.dirname, '../../../../shared/datasets/nezha-trainticket');
const MINUTE = join(DATASET, 'rca_data/2023-01-29/trace/08_43_trace.csv');

describe.skipIf(!existsSync(MINUTE))(
  'readCsvTraces on TrainTicket (shared/datasets/nezha-trainticket)',
  () => {
    it('reads one minute file exactly', async () => {
      const stats = newReadStats();
      const spans = await readAll(MINUTE, stats);
      // 4,446 lines: the header and 4,445 rows (counted with `tail -n +2 | wc -l`), from 27 pods (`cut -d, -f4 | sort -u`).
      expect(stats).toMatchObject({ records: 4445, skipped: 0 });
      expect(spans).toHaveLength(4445);
      const last = spans.at(-1);
      expect(last).toMatchObject({
        spanId: '0db8d72f502d4067',
        parentSpanId: 'fd79994cd9d57611',
        name: 'SELECT ts.config',
      });
      expect(last?.startTimeUnixNano).toBe(1674981735061433658n);
      expect(last?.endTimeUnixNano).toBe(1674981735061939945n);
      expect(new Set(spans.map((s) => s.resource)).size).toBe(27);
      const root = spans.find((s) => s.spanId === '520b067330e3ede5');
      expect(root?.startTimeUnixNano).toBe(1674981768697000000n);
      expect(root?.endTimeUnixNano).toBe(1674981769015316530n);
      expect(root?.resource.serviceName).toBe('ts-gateway-service');
    });

    it('streams the whole fault-period folder: README counts of rows, distinct spans and traces', async () => {
      const stats = newReadStats();
      const spans = await readAll(join(DATASET, 'rca_data'), stats);
      expect(stats).toMatchObject({ records: 508_018, skipped: 0 });
      expect(new Set(spans.map((s) => `${s.traceId}/${s.spanId}`)).size).toBe(499_224);
      expect(new Set(spans.map((s) => s.traceId)).size).toBe(6_958);
      expect(stats.problems).toEqual([
        expect.stringMatching(/skipped 135 CSV file\(s\) whose header is not a trace header/),
      ]);
    });
  },
);

if (!existsSync(MINUTE)) {
  console.warn(`skipping TrainTicket CSV test: ${MINUTE} is absent (see shared/DATASETS.md)`);
}
