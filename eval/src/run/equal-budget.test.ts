import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OtlpJsonLinesWriter } from '@autoscope/formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { typicalTrace } from '../../../packages/core/test/traces.js';
import { evaluate } from './run-eval.js';
import { COUNTING_RCA } from './test-support.js';

const TRACES = 800;
const START = 1_700_000_000_000_000_000n;
let dataset = '';

/** 800 typical traces a second apart; orders is slow for traces 400-599, the fault window. */
beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), 'autoscope-eval-'));
  const writer = new OtlpJsonLinesWriter(join(dataset, 'traces.jsonl'));
  for (let i = 0; i < TRACES; i++) await writer.write(typicalTrace(i, { slow: i >= 400 && i < 600 }).spans);
  await writer.close();
  const second = 1_000_000_000n;
  const fault = {
    id: 'f1',
    type: 'cpu',
    service: 'orders',
    start: `${START + 400n * second}`,
    end: `${START + 600n * second}`,
  };
  await writeFile(join(dataset, 'faults.json'), JSON.stringify([fault]));
});

describe('equal-budget comparison', () => {
  it('steers every budgeted baseline to within 3% of the output bytes Autoscope wrote', async () => {
    const report = await evaluate({ dataset, keepRatio: 0.2 }, [COUNTING_RCA]);
    const autoscope = report.results.find((r) => r.sampler === 'autoscope')!;
    const followers = report.results.filter((r) => r.budget === 'equal-bytes');
    expect(followers.map((r) => r.sampler).sort()).toEqual([
      'elastic',
      'head',
      'span-random',
      'tail',
      'tracemesh',
    ]);
    for (const r of followers) {
      expect(Math.abs(r.bytesOut - autoscope.bytesOut) / autoscope.bytesOut, r.sampler).toBeLessThan(0.03);
      expect(r.keepRatio).toBeCloseTo(autoscope.bytesOut / autoscope.bytesIn, 12);
    }
    expect(autoscope).toMatchObject({
      budget: 'engine',
      keepRatio: 0.2,
      traceRetrievability: 1,
      structureIntegrity: 1,
    });
  });

  it('shows one faulty trace before and after Autoscope, re-parented to kept ancestors', async () => {
    const report = await evaluate({ dataset, samplers: ['autoscope'] }, []);
    const example = report.example!;
    expect(example).toMatchObject({ sampler: 'autoscope', faultType: 'cpu' });
    expect(example.before).toHaveLength(8);
    expect(example.before.some((s) => s.faulty)).toBe(true);
    expect(example.before.filter((s) => s.parentSpanId === undefined)).toHaveLength(1);
    const kept = new Set(example.after.map((s) => s.spanId));
    expect(kept.size).toBeLessThanOrEqual(example.before.length);
    for (const span of example.after)
      if (span.parentSpanId !== undefined) expect(kept.has(span.parentSpanId)).toBe(true);
    expect(example.before[0]!.startOffsetNanos).toBe(0);
  });

  it('draws each sampler over the sweep budgets; an unbudgeted sampler is one point', async () => {
    const report = await evaluate(
      { dataset, samplers: ['autoscope', 'head', 'partial-granularity'], sweep: [0.1, 0.5] },
      [],
    );
    const points = report.sweep!;
    expect(
      points.map((p) => `${p.sampler}@${p.keepRatio === 0.1 || p.keepRatio === 0.5 ? p.keepRatio : 'own'}`),
    ).toEqual(['autoscope@0.1', 'head@0.1', 'partial-granularity@own', 'autoscope@0.5', 'head@0.5']);
    const head = points.filter((p) => p.sampler === 'head');
    expect(head[0]!.sizeReduction).toBeCloseTo(0.9, 1);
    expect(head[1]!.sizeReduction).toBeCloseTo(0.5, 1);
    const auto = points.filter((p) => p.sampler === 'autoscope');
    expect(auto[1]!.faultySpanCoverage).toBeGreaterThanOrEqual(auto[0]!.faultySpanCoverage);
  });
});
