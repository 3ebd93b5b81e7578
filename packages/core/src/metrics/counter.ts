import { checkLabelNames, checkMetricName, type Labels, seriesKey } from './labels.js';

/** A monotonically increasing value of one label set. */
export interface CounterChild {
  /** Adds `value` (default 1); negative, NaN and infinite values are ignored. */
  inc(value?: number): void;
  /** The current value. */
  get(): number;
}

/** What defines a counter. */
export interface CounterOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

class CounterSeries implements CounterChild {
  value = 0;
  inc(value = 1): void {
    if (value >= 0 && value !== Number.POSITIVE_INFINITY) this.value += value;
  }
  get(): number {
    return this.value;
  }
}

/**
 * A counter with optional labels. Take a `child(labels)` once and call `inc` on it in hot code: that
 * costs one addition, no lookup and no allocation.
 */
export class Counter {
  readonly type = 'counter';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Series by key (label values joined), in creation order. */
  readonly series = new Map<string, CounterSeries>();

  constructor(options: CounterOptions) {
    checkMetricName(options.name);
    this.labelNames = options.labelNames ?? [];
    checkLabelNames(this.labelNames);
    this.name = options.name;
    this.help = options.help;
  }

  /** The series of a label set, created at 0 on first use (so it is exported before it moves). */
  child(labels?: Labels): CounterChild {
    const key = seriesKey(this.name, this.labelNames, labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = new CounterSeries();
      this.series.set(key, series);
    }
    return series;
  }

  /** Adds `value` (default 1) to the series of `labels`. */
  inc(value = 1, labels?: Labels): void {
    this.child(labels).inc(value);
  }

  /** The value of the series of `labels` (0 when it does not exist). */
  get(labels?: Labels): number {
    return this.series.get(seriesKey(this.name, this.labelNames, labels))?.value ?? 0;
  }
}
