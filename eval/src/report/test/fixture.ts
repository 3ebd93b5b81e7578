import type {
  EvalReport,
  ExampleSpan,
  ExampleTrace,
  FaultTypeCoverage,
  RcaScore,
  SamplerResult,
  SweepPoint,
} from '../../results.js';

/**
 * Test support: a realistic {@link EvalReport} shaped like a TrainTicket run (seven samplers, five fault
 * types, a five-budget sweep, a 40-span example trace). Deterministic: no clock, no randomness.
 */

/** Samplers of the fixture, with the size reduction and faulty coverage each reaches at the default budget. */
export const FIXTURE_SAMPLERS = [
  { sampler: 'autoscope', size: 0.872, coverage: 0.9931 },
  { sampler: 'head', size: 0.9, coverage: 0.101 },
  { sampler: 'tail', size: 0.88, coverage: 0.64 },
  { sampler: 'span-random', size: 0.86, coverage: 0.43 },
  { sampler: 'elastic', size: 0.71, coverage: 0.82 },
  { sampler: 'partial-granularity', size: 0.55, coverage: 0.58 },
  { sampler: 'tracemesh', size: 0.9, coverage: 0.22 },
] as const;

/** Fault types of the fixture, with their faulty span counts. */
export const FIXTURE_FAULT_TYPES = {
  cpu: 4200,
  memory: 3100,
  'network-delay': 5200,
  exception: 900,
  return: 1400,
};

/** Budgets of the fixture's sweep. */
export const FIXTURE_BUDGETS = [0.05, 0.1, 0.2, 0.3, 0.5] as const;

const RCA_FULL: Readonly<Record<string, RcaScore>> = {
  'latency-anomaly': { mrr: 0.712, top1: 0.6, top3: 0.86, cases: 56 },
  microrank: { mrr: 0.655, top1: 0.52, top3: 0.8, cases: 56 },
};

function scaled(score: RcaScore, factor: number): RcaScore {
  return {
    ...score,
    mrr: score.mrr * factor,
    top1: score.top1 * factor,
    top3: Math.min(1, score.top3 * factor),
  };
}

function byType(coverage: number, skew: number): Record<string, FaultTypeCoverage> {
  const out: Record<string, FaultTypeCoverage> = {};
  Object.entries(FIXTURE_FAULT_TYPES).forEach(([type, faultySpans], i) => {
    const c = Math.max(0, Math.min(1, coverage + skew * (i - 2) * 0.05));
    out[type] = { faultySpans, faultySpansKept: Math.round(faultySpans * c), coverage: c };
  });
  return out;
}

/** One sampler's result with the given size reduction and faulty coverage; every other field consistent. */
export function fixtureResult(sampler: string, size: number, coverage: number): SamplerResult {
  const bytesIn = 1_843_200_000;
  const spansIn = 8_400_000;
  const faultySpans = Object.values(FIXTURE_FAULT_TYPES).reduce((a, b) => a + b, 0);
  const rcaFactor = 0.6 + 0.4 * coverage;
  const methods = {
    'latency-anomaly': scaled(RCA_FULL['latency-anomaly']!, rcaFactor),
    microrank: scaled(RCA_FULL.microrank!, rcaFactor),
  };
  return {
    sampler,
    description: `${sampler}: fixture sampler`,
    keepRatio: 0.1,
    bytesIn,
    bytesOut: Math.round(bytesIn * (1 - size)),
    sizeReduction: size,
    compressed: {
      gzipIn: 310_000_000,
      gzipOut: Math.round(310_000_000 * (1 - size * 0.95)),
      gzipSizeReduction: size * 0.95,
      zstdIn: null,
      zstdOut: null,
      zstdSizeReduction: null,
    },
    spansIn,
    spansOut: Math.round(spansIn * (1 - size)),
    spanReduction: size,
    faultySpans,
    faultySpansKept: Math.round(faultySpans * coverage),
    faultySpanCoverage: coverage,
    faultyCoverageByType: byType(coverage, sampler === 'autoscope' ? 0.05 : 1),
    normalSpanCoverage: 1 - size - 0.01,
    traceRetrievability: sampler === 'span-random' || sampler === 'autoscope' ? 1 : 1 - size,
    structureIntegrity: sampler === 'autoscope' ? 1 : 0.4,
    rca: { ...methods['latency-anomaly'], method: 'latency-anomaly' },
    rcaMethods: methods,
    nsPerSpan: sampler === 'autoscope' ? 412 : 95,
    budget: sampler === 'autoscope' ? 'engine' : sampler === 'partial-granularity' ? 'none' : 'equal-bytes',
  };
}

function sweepOf(sampler: string, size: number, coverage: number): SweepPoint[] {
  return FIXTURE_BUDGETS.map((keepRatio) => {
    const s = Math.max(0, Math.min(0.99, size + (0.1 - keepRatio) * 0.9));
    const c = Math.max(0, Math.min(1, coverage + (keepRatio - 0.1) * (1 - coverage) * 1.6));
    return {
      sampler,
      keepRatio,
      sizeReduction: s,
      faultySpanCoverage: c,
      traceRetrievability: 1,
      rcaMrr: 0.45 + 0.26 * c,
    };
  });
}

/** A 40-span faulty trace (a fan-out of calls 3 deep) and what Autoscope kept of it. */
export function fixtureExample(): ExampleTrace {
  const services = [
    'ts-ui-dashboard',
    'ts-travel-service',
    'ts-route-service',
    'ts-order-service',
    'ts-seat-service',
  ];
  const before: ExampleSpan[] = [];
  const add = (
    id: number,
    parent: number | undefined,
    depth: number,
    start: number,
    duration: number,
  ): void => {
    const service = services[Math.min(depth + (id % 2), services.length - 1)] ?? 'svc';
    const faulty = service === 'ts-route-service' && id % 3 === 0;
    const span = {
      spanId: id.toString(16).padStart(16, '0'),
      service,
      name: `GET /api/v1/op${id}`,
      startOffsetNanos: start,
      durationNanos: duration,
      error: id === 9,
      faulty,
    };
    before.push(
      parent === undefined ? span : { ...span, parentSpanId: parent.toString(16).padStart(16, '0') },
    );
  };
  add(1, undefined, 0, 0, 120_000_000);
  let id = 2;
  for (let i = 0; i < 6; i++) {
    const child = id++;
    add(child, 1, 1, 2_000_000 + i * 19_000_000, 17_000_000);
    for (let j = 0; j < 5 && id <= 40; j++)
      add(id++, child, 2, 2_500_000 + i * 19_000_000 + j * 3_000_000, 2_500_000);
  }
  const kept = new Set(
    before
      .filter(
        (s) => s.faulty || s.error || s.parentSpanId === undefined || Number.parseInt(s.spanId, 16) % 4 === 0,
      )
      .map((s) => s.spanId),
  );
  const after = before.filter((s) => kept.has(s.spanId)).map((s) => reparent(s, before, kept));
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    sampler: 'autoscope',
    faultType: 'network-delay',
    before,
    after,
  };
}

function reparent(span: ExampleSpan, all: readonly ExampleSpan[], kept: ReadonlySet<string>): ExampleSpan {
  let parent = span.parentSpanId;
  while (parent !== undefined && !kept.has(parent))
    parent = all.find((s) => s.spanId === parent)?.parentSpanId;
  const { parentSpanId: _, ...rest } = span;
  return parent === undefined ? rest : { ...rest, parentSpanId: parent };
}

/** The fixture report; `overrides` replace whole top-level fields (pass `sweep: undefined`-free objects). */
export function buildEvalReport(overrides: Partial<EvalReport> = {}): EvalReport {
  return {
    version: 1,
    dataset: '../shared/datasets/nezha-trainticket',
    traces: 412_345,
    spans: 8_400_000,
    faults: 56,
    faultyDefinition: 'pod-window',
    keepRatio: 0.1,
    command: 'autoscope eval --dataset ../shared/datasets/nezha-trainticket --sweep --html r.html',
    generatedAt: '2025-01-01T12:00:00.000Z',
    rcaFull: RCA_FULL,
    results: FIXTURE_SAMPLERS.map((s) => fixtureResult(s.sampler, s.size, s.coverage)),
    sweep: FIXTURE_SAMPLERS.flatMap((s) => sweepOf(s.sampler, s.size, s.coverage)),
    example: fixtureExample(),
    notes: ['3 span(s) arrived after their trace was complete: not measured'],
    seconds: 312.4,
    ...overrides,
  };
}

/** The fixture report without its optional parts (no sweep, no example, no notes, no run time). */
export function buildMinimalReport(overrides: Partial<EvalReport> = {}): EvalReport {
  const { sweep: _s, example: _e, notes: _n, seconds: _t, ...rest } = buildEvalReport();
  return { ...rest, ...overrides };
}
