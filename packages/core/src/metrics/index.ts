/** A tiny, dependency-free metrics registry and its Prometheus text rendering. */
export type { CounterChild, CounterOptions } from './counter.js';
export { Counter } from './counter.js';
export type { GaugeChild, GaugeOptions } from './gauge.js';
export { Gauge } from './gauge.js';
export type { HistogramChild, HistogramOptions } from './histogram.js';
export { Histogram, HistogramSeries, SECONDS_BUCKETS } from './histogram.js';
export type { Labels } from './labels.js';
export { formatValue, PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus.js';
export type { Metric } from './registry.js';
export { MetricsRegistry } from './registry.js';
