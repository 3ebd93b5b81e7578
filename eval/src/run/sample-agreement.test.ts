import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AutoscopeEngine, SamplingPipeline } from '@autoscope/core';
import { assembleTraces, newReadStats, openTraceSource } from '@autoscope/formats';
import { encodedTraceRequestSize } from '@autoscope/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from './run-eval.js';

const BIN = resolve(import.meta.dirname, '../../../packages/cli/bin/autoscope.js');
const HEADER = 'TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration';
const T0 = 1_704_067_200n * 1_000_000_000n;
const SECOND = 1_000_000_000n;
const TRACES = 3000;
const STEP = SECOND / 5n;
const PAY = 'pay-service-5d9c7b-x1y2z';

/**
 * A day in the research CSV layout: 3000 traces 0.2 s apart (gateway → orders → pay, orders → 13 db calls),
 * pay five times slower over a sixth of them, and the rows written out of time order by up to
 * 10 s (every ten traces reversed), so both the reorder window and the lookback change decisions.
 */
function fixtureCsv(): string {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const traces: string[][] = [];
  for (let t = 0; t < TRACES; t++) {
    const id = (t + 1).toString(16).padStart(32, '0');
    const start = T0 + BigInt(t) * STEP;
    const slow = t >= TRACES / 3 && t < TRACES / 2 ? 5 : 1;
    const ms = (x: number) => BigInt(Math.round(x * 1e6));
    const pay = ms((5 + random() * 2) * slow);
    const db = ms(2 + random() * 2 + (random() < 0.02 ? 40 : 0));
    const rows: [string, string, string, string, bigint, bigint][] = [
      ['01', 'root', 'gateway-7f-a1b2c', '/api/order', start, start + ms(20) + pay + db],
      ['02', '01', 'orders-9c-d3e4f', 'OrderController.create', start + ms(1), start + ms(19) + pay + db],
      ['03', '02', PAY, 'PayController.charge', start + ms(2), start + ms(2) + pay],
      ['04', '02', 'db-1a-g5h6i', 'SELECT orders', start + ms(3) + pay, start + ms(3) + pay + db],
    ];
    for (let k = 0; k < 12; k++) {
      const at = start + ms(3 + k) + pay;
      rows.push([(16 + k).toString(16), '02', 'db-1a-g5h6i', 'SELECT items', at, at + ms(0.5 + random())]);
    }
    if (random() < 0.1) rows.push(['05', '02', 'orders-9c-d3e4f', 'retry', start + ms(4), start + ms(5)]);
    traces.push(
      rows.map(
        ([span, parent, pod, op, s, e]) =>
          `${id},${id.slice(16, 30)}${span},${parent === 'root' ? 'root' : id.slice(16, 30) + parent},${pod},${op},${s},${e},${(e - s) / 1000n}`,
      ),
    );
  }
  const order: string[][] = [];
  for (let i = 0; i < traces.length; i += 10) order.push(...traces.slice(i, i + 10).reverse());
  return `${HEADER}\n${order.flat().join('\n')}\n`;
}

const FAULTS = JSON.stringify({
  '00': [
    {
      inject_time: '2024-01-01 00:05:00',
      inject_timestamp: String(Number(T0 / SECOND) + 300),
      inject_pod: PAY,
      inject_type: 'cpu_contention',
    },
  ],
});

let dir = '';
let traceDir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoscope-eval-agree-'));
  traceDir = join(dir, 'rca_data', '2024-01-01', 'trace');
  await mkdir(traceDir, { recursive: true });
  await writeFile(join(traceDir, '00_00_trace.csv'), fixtureCsv());
  await writeFile(join(dir, 'rca_data', '2024-01-01', '2024-01-01-fault_list.json'), FAULTS);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function autoscopeSample(): Promise<{ bytesOut: number; spansOut: number; traces: number }> {
  const out = join(dir, 'sampled.pb');
  const { stdout } = await promisify(execFile)(process.execPath, [
    BIN,
    'sample',
    '--in',
    traceDir,
    '--out',
    out,
    '--json',
    '-q',
  ]);
  return JSON.parse(stdout);
}

/** What eval measured before it used the lookback pipeline: `decide()` on each trace in arrival order. */
async function arrivalOrderBytes(): Promise<number> {
  const engine = new AutoscopeEngine();
  const pipeline = new SamplingPipeline(engine, engine.options);
  const source = await openTraceSource(traceDir, 'auto', newReadStats());
  let bytes = 0;
  for await (const trace of assembleTraces(source.batches)) {
    const { spans } = pipeline.process(trace);
    if (spans.length > 0) bytes += encodedTraceRequestSize(spans);
  }
  return bytes;
}

describe('eval and autoscope sample', () => {
  it('write the same bytes and spans for Autoscope on the same data and options', async () => {
    const [report, sampled, arrival] = await Promise.all([
      evaluate({ dataset: dir, samplers: ['autoscope', 'head'] }, []),
      autoscopeSample(),
      arrivalOrderBytes(),
    ]);
    const autoscope = report.results.find((r) => r.sampler === 'autoscope')!;
    expect(report.traces).toBe(TRACES);
    expect(sampled.traces).toBe(TRACES);
    expect(autoscope.bytesOut).toBe(sampled.bytesOut);
    expect(autoscope.spansOut).toBe(sampled.spansOut);
    // The fixture is one where arrival order decides differently: the agreement is not a coincidence.
    expect(arrival).not.toBe(sampled.bytesOut);
    expect(autoscope.structureIntegrity).toBe(1);
    expect(autoscope.traceRetrievability).toBe(1);
  }, 30_000);
});
