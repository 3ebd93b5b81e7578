import type { BudgetMode, FaultTypeCoverage, RcaScore, SamplerResult, SweepPoint } from '../results.js';
import type { SamplerMeter } from './sampler-meter.js';

/** The input's size, the same for every sampler. */
export interface InputTotals {
  readonly bytes: number;
  readonly gzip: number;
  readonly zstd: number | null;
}

/** What a result is about: the sampler and the budget it ran at. */
export interface ResultIdentity {
  readonly sampler: string;
  readonly description: string;
  readonly keepRatio: number;
  readonly budget: BudgetMode;
}

/** Output gzip/zstd totals of a meter that compressed its output. */
export interface OutputCompressed {
  readonly gzip: number;
  readonly zstd: number | null;
}

/** `1 - out / total`, 0 when there was nothing. */
export function reduction(out: number, total: number): number {
  return total > 0 ? 1 - out / total : 0;
}

/** `part / whole`, `whenEmpty` when whole is 0. */
export function share(part: number, whole: number, whenEmpty = 1): number {
  return whole > 0 ? part / whole : whenEmpty;
}

/** The best-scoring RCA method (highest MRR, first listed on ties), or a zero score named `none`. */
export function bestRca(scores: Readonly<Record<string, RcaScore>>, cases: number): SamplerResult['rca'] {
  let best: SamplerResult['rca'] = { method: 'none', mrr: 0, top1: 0, top3: 0, cases };
  let found = false;
  for (const [method, score] of Object.entries(scores)) {
    if (!found || score.mrr > best.mrr) best = { method, ...score };
    found = true;
  }
  return best;
}

/** Every metric of a meter as the result document states them. */
export function samplerResult(
  meter: SamplerMeter,
  identity: ResultIdentity,
  input: InputTotals,
  output: OutputCompressed,
  faults: number,
): SamplerResult {
  const rcaMethods = meter.rcaScores();
  return {
    ...identity,
    bytesIn: meter.bytesIn,
    bytesOut: meter.bytesOut,
    sizeReduction: reduction(meter.bytesOut, meter.bytesIn),
    compressed: {
      gzipIn: input.gzip,
      gzipOut: output.gzip,
      gzipSizeReduction: reduction(output.gzip, input.gzip),
      zstdIn: input.zstd,
      zstdOut: output.zstd,
      zstdSizeReduction:
        input.zstd === null || output.zstd === null ? null : reduction(output.zstd, input.zstd),
    },
    spansIn: meter.spansIn,
    spansOut: meter.spansOut,
    spanReduction: reduction(meter.spansOut, meter.spansIn),
    faultySpans: meter.faultySpans,
    faultySpansKept: meter.faultyKept,
    faultySpanCoverage: share(meter.faultyKept, meter.faultySpans),
    faultyCoverageByType: coverageByType(meter),
    normalSpanCoverage: share(meter.normalKept, meter.spansIn - meter.faultySpans),
    traceRetrievability: share(meter.retrievable, meter.traces),
    structureIntegrity: share(meter.intact, meter.traces),
    rca: bestRca(rcaMethods, faults),
    rcaMethods,
    nsPerSpan: share(meter.decideNanos, meter.spansIn, 0),
  };
}

/** One point of a sampler's coverage-versus-size curve. */
export function sweepPoint(
  meter: SamplerMeter,
  sampler: string,
  keepRatio: number,
  faults: number,
): SweepPoint {
  return {
    sampler,
    keepRatio,
    sizeReduction: reduction(meter.bytesOut, meter.bytesIn),
    faultySpanCoverage: share(meter.faultyKept, meter.faultySpans),
    traceRetrievability: share(meter.retrievable, meter.traces),
    rcaMrr: bestRca(meter.rcaScores(), faults).mrr,
  };
}

function coverageByType(meter: SamplerMeter): Record<string, FaultTypeCoverage> {
  const out: Record<string, FaultTypeCoverage> = {};
  const types = [...meter.byType.keys()].sort();
  for (const type of types) {
    const count = meter.byType.get(type)!;
    out[type] = {
      faultySpans: count.faultySpans,
      faultySpansKept: count.kept,
      coverage: share(count.kept, count.faultySpans),
    };
  }
  return out;
}
