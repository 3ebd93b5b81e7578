import { InvalidOptionError } from '../errors.js';
import { Counter, type CounterOptions } from './counter.js';
import { Gauge, type GaugeOptions } from './gauge.js';
import { Histogram, type HistogramOptions } from './histogram.js';

/** Any metric a registry holds. */
export type Metric = Counter | Gauge | Histogram;

/**
 * A set of metrics, rendered together (`renderPrometheus`). Getting a metric that already exists with
 * the same type and labels returns it, so several components can share one registry safely.
 */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  /** Gets or creates a counter. */
  counter(options: CounterOptions): Counter {
    return this.getOrAdd(options, 'counter', () => new Counter(options)) as Counter;
  }

  /** Gets or creates a gauge. */
  gauge(options: GaugeOptions): Gauge {
    return this.getOrAdd(options, 'gauge', () => new Gauge(options)) as Gauge;
  }

  /** Gets or creates a histogram. */
  histogram(options: HistogramOptions): Histogram {
    return this.getOrAdd(options, 'histogram', () => new Histogram(options)) as Histogram;
  }

  /** The metric of that name, if any. */
  get(name: string): Metric | undefined {
    return this.metrics.get(name);
  }

  /** Every metric, in registration order. */
  all(): readonly Metric[] {
    return [...this.metrics.values()];
  }

  private getOrAdd(
    options: { readonly name: string; readonly labelNames?: readonly string[] },
    type: Metric['type'],
    create: () => Metric,
  ): Metric {
    const existing = this.metrics.get(options.name);
    if (existing === undefined) {
      const metric = create();
      this.metrics.set(metric.name, metric);
      return metric;
    }
    const labels = (options.labelNames ?? []).join(',');
    if (existing.type !== type || existing.labelNames.join(',') !== labels) {
      throw new InvalidOptionError(
        'name',
        `metric ${options.name} is already registered as a ${existing.type} with labels [${existing.labelNames.join(', ')}]`,
      );
    }
    return existing;
  }
}
