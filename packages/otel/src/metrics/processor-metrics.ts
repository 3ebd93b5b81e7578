import { type CounterChild, type HistogramSeries, MetricsRegistry, SECONDS_BUCKETS } from '@autoscope/core';
import type { Meter } from '@opentelemetry/api';

/** Where the processor's metrics go: a core registry (rendered for Prometheus) and optionally a Meter. */
export interface ProcessorMetricsOptions {
  /** Registry to add the metrics to (shared with other components); a new one when absent. */
  readonly registry?: MetricsRegistry;
  /** Also record every value through the OpenTelemetry metrics API with this Meter. */
  readonly meter?: Meter;
}

/** Metric names, stable: dashboards depend on them. */
export const METRIC_NAMES = Object.freeze({
  sampled: 'autoscope_sampled_spans_total',
  dropped: 'autoscope_dropped_spans_total',
  decision: 'autoscope_decision_seconds',
  bytesIn: 'autoscope_bytes_in_total',
  bytesOut: 'autoscope_bytes_out_total',
  buffered: 'autoscope_buffered_spans',
  overflow: 'autoscope_overflow_traces_total',
  late: 'autoscope_late_spans_total',
  placeholders: 'autoscope_placeholder_spans_total',
  exportFailures: 'autoscope_export_failures_total',
  configReloads: 'autoscope_config_reloads_total',
  configErrors: 'autoscope_config_errors_total',
  decisionErrors: 'autoscope_decision_errors_total',
});

type Add = (value: number, reason?: string) => void;

/**
 * The processor's metrics. Each update is a field addition on a pre-made series (no lookup, no
 * allocation), plus the Meter call when one was given.
 */
export class ProcessorMetrics {
  readonly registry: MetricsRegistry;
  readonly sampled: Add;
  readonly dropped: Add;
  readonly bytesIn: Add;
  readonly bytesOut: Add;
  readonly overflow: Add;
  readonly late: Add;
  readonly placeholders: Add;
  readonly exportFailures: Add;
  readonly configReloads: Add;
  readonly configErrors: Add;
  readonly decisionErrors: Add;
  private readonly decisionSeries: HistogramSeries;
  private readonly decisionMirror: ((seconds: number) => void) | undefined;

  constructor(options: ProcessorMetricsOptions, bufferedSpans: () => number) {
    const registry = options.registry ?? new MetricsRegistry();
    const meter = options.meter;
    this.registry = registry;
    const counter = (name: string, help: string) => mirrored(registry, meter, name, help, false);
    this.sampled = counter(METRIC_NAMES.sampled, 'Spans exported with their data.');
    this.dropped = mirrored(registry, meter, METRIC_NAMES.dropped, 'Spans dropped, by reason.', true);
    this.bytesIn = counter(METRIC_NAMES.bytesIn, 'Estimated OTLP bytes of the spans that ended.');
    this.bytesOut = counter(METRIC_NAMES.bytesOut, 'Estimated OTLP bytes of the spans exported.');
    this.overflow = counter(
      METRIC_NAMES.overflow,
      'Traces decided early because maxBufferedSpans was reached.',
    );
    this.late = counter(METRIC_NAMES.late, 'Spans that ended after their trace was decided (exported).');
    this.placeholders = counter(
      METRIC_NAMES.placeholders,
      'Dropped CLIENT/PRODUCER spans exported as placeholders so remote children keep their parent.',
    );
    this.exportFailures = counter(
      METRIC_NAMES.exportFailures,
      'Spans the wrapped exporter failed to export.',
    );
    this.configReloads = counter(METRIC_NAMES.configReloads, 'Configuration files applied by hot reload.');
    this.configErrors = counter(METRIC_NAMES.configErrors, 'Configuration reloads rejected (old kept).');
    this.decisionErrors = counter(
      METRIC_NAMES.decisionErrors,
      'Traces whose decision failed (a bug): their spans were exported as they were, unsampled.',
    );
    this.decisionSeries = registry
      .histogram({ name: METRIC_NAMES.decision, help: 'Time to decide one trace.', buckets: SECONDS_BUCKETS })
      .child();
    registry.gauge({
      name: METRIC_NAMES.buffered,
      help: 'Spans held until their trace is decided.',
      collect: bufferedSpans,
    });
    if (meter !== undefined) {
      const histogram = meter.createHistogram(METRIC_NAMES.decision, {
        unit: 's',
        advice: { explicitBucketBoundaries: [...SECONDS_BUCKETS] },
      });
      this.decisionMirror = (seconds) => histogram.record(seconds);
      meter
        .createObservableGauge(METRIC_NAMES.buffered)
        .addCallback((result) => result.observe(bufferedSpans()));
    } else this.decisionMirror = undefined;
  }

  /** Records the time one trace decision took. */
  decision(seconds: number): void {
    this.decisionSeries.observe(seconds);
    this.decisionMirror?.(seconds);
  }
}

function mirrored(
  registry: MetricsRegistry,
  meter: Meter | undefined,
  name: string,
  help: string,
  byReason: boolean,
): Add {
  const counter = registry.counter(byReason ? { name, help, labelNames: ['reason'] } : { name, help });
  const otel = meter?.createCounter(name, { description: help });
  if (!byReason) {
    const series = counter.child();
    if (otel === undefined) return (v) => series.inc(v);
    return (v) => {
      series.inc(v);
      otel.add(v);
    };
  }
  const children = new Map<string, CounterChild>();
  return (value, reason = 'unknown') => {
    let child = children.get(reason);
    if (child === undefined) {
      child = counter.child({ reason });
      children.set(reason, child);
    }
    child.inc(value);
    otel?.add(value, { reason });
  };
}
