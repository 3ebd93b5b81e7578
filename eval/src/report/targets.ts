import type { EvalReport, SamplerResult } from '../results.js';
import { formatPercent, formatScore } from './format.js';

/** Autoscope's size-reduction target at the default budget (issue 4). */
export const SIZE_REDUCTION_TARGET = 0.85;
/** Autoscope's faulty-span-coverage target at the default budget (issue 4). */
export const FAULTY_COVERAGE_TARGET = 0.99;
/** How far below the full data's MRR the sampled data's MRR may be (issue 4). */
export const MRR_TOLERANCE = 0.02;

/** Baselines that keep or drop whole traces: Autoscope's RCA must beat each of them at equal bytes. */
export const TRACE_LEVEL_BASELINES: readonly string[] = ['head', 'tail', 'tracemesh'];

/** One target checked against one result. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** True when the size reduction reaches {@link SIZE_REDUCTION_TARGET}. */
export function sizeTargetMet(result: SamplerResult): boolean {
  return result.sizeReduction >= SIZE_REDUCTION_TARGET;
}

/** True when the faulty-span coverage reaches {@link FAULTY_COVERAGE_TARGET}. */
export function coverageTargetMet(result: SamplerResult): boolean {
  return result.faultySpanCoverage >= FAULTY_COVERAGE_TARGET;
}

/** The best MRR over the RCA methods on the full data, or `undefined` when none was run. */
export function bestFullMrr(report: EvalReport): number | undefined {
  const scores = Object.values(report.rcaFull)
    .map((s) => s.mrr)
    .filter(Number.isFinite);
  return scores.length === 0 ? undefined : Math.max(...scores);
}

/** Every target of issue 4 checked against one (Autoscope) result. */
export function targetChecks(report: EvalReport, result: SamplerResult): readonly TargetCheck[] {
  const fullMrr = report.rcaFull[result.rca.method]?.mrr;
  const mrrGap = fullMrr === undefined ? Number.NaN : fullMrr - result.rca.mrr;
  return [
    {
      target: `size reduction ≥ ${formatPercent(SIZE_REDUCTION_TARGET, 0)}`,
      measured: formatPercent(result.sizeReduction),
      met: sizeTargetMet(result),
    },
    {
      target: `faulty-span coverage ≥ ${formatPercent(FAULTY_COVERAGE_TARGET, 0)}`,
      measured: formatPercent(result.faultySpanCoverage, 2),
      met: coverageTargetMet(result),
    },
    {
      target: 'traces retrievable 100%',
      measured: formatPercent(result.traceRetrievability, 2),
      met: result.traceRetrievability >= 1,
    },
    {
      target: 'structure integrity 100%',
      measured: formatPercent(result.structureIntegrity, 2),
      met: result.structureIntegrity >= 1,
    },
    {
      target: `RCA MRR within ${MRR_TOLERANCE} of the full data (${result.rca.method})`,
      measured: `${formatScore(result.rca.mrr)} vs ${formatScore(fullMrr)}`,
      met: mrrGap <= MRR_TOLERANCE,
    },
    ...traceLevelCheck(report, result),
  ];
}

function traceLevelCheck(report: EvalReport, result: SamplerResult): TargetCheck[] {
  const rivals = report.results.filter((r) => TRACE_LEVEL_BASELINES.includes(r.sampler));
  if (rivals.length === 0) return [];
  const best = rivals.reduce((a, b) => (b.rca.mrr > a.rca.mrr ? b : a));
  return [
    {
      target: `RCA MRR above every trace-level baseline (${rivals.map((r) => r.sampler).join(', ')})`,
      measured: `${formatScore(result.rca.mrr)} vs ${formatScore(best.rca.mrr)} (${best.sampler})`,
      met: result.rca.mrr > best.rca.mrr,
    },
  ];
}
