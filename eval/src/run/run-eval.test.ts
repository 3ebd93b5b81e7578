import { join } from 'node:path';
import type { Span } from '@autoscope/core';
import { readCsvTraces } from '@autoscope/formats';
import { encodedTraceRequestSize } from '@autoscope/otlp';
import { describe, expect, it } from 'vitest';
import { evaluate } from './run-eval.js';
import { byTrace, COUNTING_RCA, TESTDATA } from './test-support.js';

const CSV = join(TESTDATA, 'research-csv');
const OTLP = join(TESTDATA, 'otlp-faults');

async function csvTraces(...days: string[]): Promise<Span[][]> {
  const spans: Span[] = [];
  for (const day of days) {
    for await (const batch of readCsvTraces(join(CSV, 'rca_data', day, 'trace'))) spans.push(...batch);
  }
  return byTrace(spans);
}

/** What partial-granularity keeps of the test traces: the root and the controller. */
function entryAndController(trace: readonly Span[]): Span[] {
  return trace.filter((s) => !s.name.startsWith('SELECT'));
}

describe('runEval on the research CSV layout', () => {
  it('measures partial-granularity exactly as computed by hand, over every day but not construct_data', async () => {
    const report = await evaluate({ dataset: CSV, samplers: ['partial-granularity'] }, [COUNTING_RCA]);
    expect(report).toMatchObject({ traces: 6, spans: 24, faults: 2, faultyDefinition: 'pod-window' });
    const traces = await csvTraces('2024-01-01', '2024-01-02');
    const bytesIn = traces.reduce((sum, t) => sum + encodedTraceRequestSize(t), 0);
    const bytesOut = traces.reduce((sum, t) => sum + encodedTraceRequestSize(entryAndController(t)), 0);
    const [result] = report.results;
    expect(result).toMatchObject({
      sampler: 'partial-granularity',
      budget: 'none',
      bytesIn,
      bytesOut,
      spansIn: 24,
      spansOut: 12,
      spanReduction: 0.5,
      faultySpans: 7,
      faultySpansKept: 3,
      faultyCoverageByType: {
        cpu_contention: { faultySpans: 6, faultySpansKept: 2, coverage: 2 / 6 },
        network_delay: { faultySpans: 1, faultySpansKept: 1, coverage: 1 },
      },
      traceRetrievability: 1,
      structureIntegrity: 0,
    });
    expect(result!.sizeReduction).toBeCloseTo(1 - bytesOut / bytesIn, 12);
    expect(result!.keepRatio).toBeCloseTo(bytesOut / bytesIn, 12);
    expect(result!.faultySpanCoverage).toBeCloseTo(3 / 7, 12);
    expect(result!.normalSpanCoverage).toBeCloseTo(9 / 17, 12);
    expect(result!.nsPerSpan).toBeGreaterThan(0);
  });

  it('scores RCA on the full and the sampled data, and compresses input and output', async () => {
    const report = await evaluate({ dataset: CSV, samplers: ['partial-granularity'] }, [COUNTING_RCA]);
    // Full: day 1 ranks [orders 6, gateway 2] (truth orders, RR 1); day 2 ranks [orders 3, gateway 1] (truth gateway, RR 1/2).
    expect(report.rcaFull['span-count']).toEqual({ mrr: 0.75, top1: 0.5, top3: 1, cases: 2 });
    // Sampled: day 1 [gateway 2, orders 2] (RR 1/2); day 2 [gateway 1, orders 1] (RR 1).
    const [result] = report.results;
    expect(result!.rcaMethods['span-count']).toEqual({ mrr: 0.75, top1: 0.5, top3: 1, cases: 2 });
    expect(result!.rca.method).toBe('span-count');
    const c = result!.compressed;
    expect(c.gzipIn).toBeGreaterThan(0);
    expect(c.gzipOut).toBeLessThan(c.gzipIn);
    expect(c.zstdIn).not.toBeNull();
    expect(c.zstdOut!).toBeLessThan(c.zstdIn!);
    expect(c.gzipSizeReduction).toBeCloseTo(1 - c.gzipOut / c.gzipIn, 12);
  });

  it('reads only the days a --day glob selects', async () => {
    const report = await evaluate({ dataset: CSV, samplers: ['head'], day: '*-01' }, []);
    expect(report).toMatchObject({ traces: 4, spans: 16, faults: 1 });
    expect(report.results[0]!.faultySpans).toBe(6);
    expect(report.rcaFull).toEqual({});
    expect(report.results[0]!.rca).toEqual({ method: 'none', mrr: 0, top1: 0, top3: 0, cases: 1 });
  });

  it('refuses --faulty ids when the fault list has no span ids', async () => {
    await expect(evaluate({ dataset: CSV, faulty: 'ids' }, [])).rejects.toThrow(/faultySpanIds/);
  });
});

describe('runEval on the project format (OTLP JSON lines + faults.json)', () => {
  it('uses the faulty span ids by default', async () => {
    const report = await evaluate({ dataset: OTLP, samplers: ['partial-granularity'] }, []);
    expect(report).toMatchObject({ traces: 4, spans: 16, faults: 1, faultyDefinition: 'ids' });
    expect(report.results[0]).toMatchObject({ faultySpans: 2, faultySpansKept: 2, faultySpanCoverage: 1 });
  });

  it('matches by service and window with --faulty pod-window when the fault names no pod', async () => {
    const report = await evaluate(
      { dataset: OTLP, samplers: ['partial-granularity'], faulty: 'pod-window' },
      [],
    );
    expect(report.results[0]).toMatchObject({ faultySpans: 6, faultySpansKept: 2 });
  });

  it('measures an output sampled elsewhere against the full data', async () => {
    const sampled = join(TESTDATA, 'research-csv/rca_data/2024-01-01/trace/00_00_trace.csv');
    const report = await evaluate(
      {
        dataset: OTLP,
        samplers: ['head'],
        sampled: [{ name: 'live', path: sampled, description: 'everything' }],
      },
      [],
    );
    const live = report.results.find((r) => r.sampler === 'live')!;
    expect(live).toMatchObject({
      budget: 'external',
      description: 'everything',
      spansOut: 16,
      faultySpanCoverage: 1,
    });
    expect(live.structureIntegrity).toBe(1);
    expect(live.traceRetrievability).toBe(1);
  });
});
