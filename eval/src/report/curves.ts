import type { EvalReport, SweepPoint } from '../results.js';
import { formatPercent, formatScore } from './format.js';
import type { Html } from './html.js';
import { type ChartSeries, type LineChartSpec, lineChart } from './line-chart.js';
import { isAutoscope } from './palette.js';
import { bestFullMrr } from './targets.js';

/** The points the curves are drawn from: `sweep` when it has any, else one point per sampler from `results`. */
export function curvePoints(report: EvalReport): readonly SweepPoint[] {
  if (report.sweep && report.sweep.length > 0) return report.sweep;
  return report.results.map((r) => ({
    sampler: r.sampler,
    keepRatio: r.keepRatio,
    sizeReduction: r.sizeReduction,
    faultySpanCoverage: r.faultySpanCoverage,
    traceRetrievability: r.traceRetrievability,
    rcaMrr: r.rca.mrr,
  }));
}

type Metric = 'faultySpanCoverage' | 'rcaMrr';

function seriesOf(
  points: readonly SweepPoint[],
  metric: Metric,
  colours: ReadonlyMap<string, string>,
): ChartSeries[] {
  const bySampler = new Map<string, SweepPoint[]>();
  for (const p of points) bySampler.set(p.sampler, [...(bySampler.get(p.sampler) ?? []), p]);
  return [...bySampler].map(([name, list]) => ({
    name,
    colour: colours.get(name) ?? '#777777',
    emphasis: isAutoscope(name),
    points: list.map((p) => ({ x: p.sizeReduction, y: p[metric], label: pointLabel(p, metric) })),
  }));
}

function pointLabel(p: SweepPoint, metric: Metric): string {
  const value =
    metric === 'rcaMrr'
      ? `RCA MRR ${formatScore(p.rcaMrr)}`
      : `coverage ${formatPercent(p.faultySpanCoverage)}`;
  return `${p.sampler} at budget ${formatPercent(p.keepRatio)}: size reduction ${formatPercent(p.sizeReduction)}, ${value}`;
}

/** Lower end of the y axis: a tenth below the lowest value, so curves near 100% stay readable. */
function yFloor(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return 0;
  return Math.max(0, Math.min(0.9, Math.floor((Math.min(...finite) - 0.02) * 10) / 10));
}

/** The faulty-span-coverage-versus-size-reduction chart, with the two targets as guides. */
export function coverageChart(report: EvalReport, colours: ReadonlyMap<string, string>): Html {
  const points = curvePoints(report);
  const spec: LineChartSpec = {
    id: 'chart-coverage',
    title: 'Faulty-span coverage versus size reduction, per sampler',
    description: `${points.length} points: each sampler's faulty-span coverage at each budget, against the share of OTLP bytes removed. Up and to the right is better; the dashed lines are the targets (85% smaller, 99% of faulty spans kept).`,
    xLabel: 'size reduction (OTLP bytes removed)',
    yLabel: 'faulty spans kept',
    xDomain: [0, 1],
    yDomain: [yFloor(points.map((p) => p.faultySpanCoverage)), 1],
    series: seriesOf(points, 'faultySpanCoverage', colours),
    guides: [
      { axis: 'x', value: 0.85, label: '85% smaller' },
      { axis: 'y', value: 0.99, label: '99% kept' },
    ],
  };
  return lineChart(spec);
}

/** The RCA-MRR-versus-size-reduction chart, with the full data's best MRR as a guide. */
export function mrrChart(report: EvalReport, colours: ReadonlyMap<string, string>): Html {
  const points = curvePoints(report);
  const full = bestFullMrr(report);
  const spec: LineChartSpec = {
    id: 'chart-mrr',
    title: 'Root-cause ranking (MRR) versus size reduction, per sampler',
    description: `${points.length} points: the mean reciprocal rank of the injected service when root-cause analysis runs on each sampler's output, against the share of OTLP bytes removed.`,
    xLabel: 'size reduction (OTLP bytes removed)',
    yLabel: 'RCA MRR',
    xDomain: [0, 1],
    yDomain: [0, 1],
    series: seriesOf(points, 'rcaMrr', colours),
    guides: full === undefined ? [] : [{ axis: 'y', value: full, label: `full data ${formatScore(full)}` }],
  };
  return lineChart(spec);
}
