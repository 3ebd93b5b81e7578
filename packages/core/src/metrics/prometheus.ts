import type { Histogram, HistogramSeries } from './histogram.js';
import { seriesValues } from './labels.js';
import type { Metric, MetricsRegistry } from './registry.js';

/** The Content-Type of the Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Renders every metric of a registry in the Prometheus text exposition format 0.0.4: `# HELP` and
 * `# TYPE` lines, then one line per series (histograms: cumulative `_bucket` lines up to `+Inf`, then
 * `_sum` and `_count`). Metrics come in registration order, series in creation order. Pure.
 */
export function renderPrometheus(registry: MetricsRegistry): string {
  const lines: string[] = [];
  for (const metric of registry.all()) renderMetric(metric, lines);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function renderMetric(metric: Metric, lines: string[]): void {
  lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`);
  lines.push(`# TYPE ${metric.name} ${metric.type}`);
  if (metric.type === 'histogram') {
    for (const [key, series] of metric.series) renderHistogramSeries(metric, key, series, lines);
    return;
  }
  if (metric.type === 'gauge') metric.refresh();
  for (const [key, series] of metric.series) {
    const labels = labelText(metric.labelNames, seriesValues(metric.labelNames, key));
    lines.push(`${metric.name}${labels} ${formatValue(series.get())}`);
  }
}

function renderHistogramSeries(metric: Histogram, key: string, h: HistogramSeries, lines: string[]): void {
  const values = seriesValues(metric.labelNames, key);
  const names = [...metric.labelNames, 'le'];
  let cumulative = 0;
  for (let i = 0; i <= metric.buckets.length; i++) {
    cumulative += h.counts[i]!;
    const le = i < metric.buckets.length ? formatValue(metric.buckets[i]!) : '+Inf';
    lines.push(`${metric.name}_bucket${labelText(names, [...values, le])} ${formatValue(cumulative)}`);
  }
  const labels = labelText(metric.labelNames, values);
  lines.push(`${metric.name}_sum${labels} ${formatValue(h.sum)}`);
  lines.push(`${metric.name}_count${labels} ${formatValue(h.count)}`);
}

function labelText(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  const pairs = names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`);
  return `{${pairs.join(',')}}`;
}

/** A sample value as Prometheus writes it (`NaN`, `+Inf`, `-Inf`, else the shortest decimal). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
