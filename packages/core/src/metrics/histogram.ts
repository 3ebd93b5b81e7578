import { InvalidOptionError } from '../errors.js';
import { checkLabelNames, checkMetricName, type Labels, seriesKey } from './labels.js';

/** Observations of one label set. */
export interface HistogramChild {
  /** Records one value; NaN is ignored. */
  observe(value: number): void;
}

/** What defines a histogram. */
export interface HistogramOptions {
  readonly name: string;
  readonly help: string;
  /** Upper bounds, strictly increasing and finite; `+Inf` is implied. */
  readonly buckets: readonly number[];
  readonly labelNames?: readonly string[];
}

/** Default buckets for durations in seconds, from 1 µs to 10 s. */
export const SECONDS_BUCKETS: readonly number[] = Object.freeze([
  0.000001, 0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 10,
]);

/** Non-cumulative bucket counts (the last one is `+Inf`), sum and count of one series. */
export class HistogramSeries implements HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  private readonly bounds: readonly number[];

  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    if (Number.isNaN(value)) return;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

/** A histogram with fixed buckets and optional labels. */
export class Histogram {
  readonly type = 'histogram';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly buckets: readonly number[];
  readonly series = new Map<string, HistogramSeries>();

  constructor(options: HistogramOptions) {
    checkMetricName(options.name);
    this.labelNames = options.labelNames ?? [];
    checkLabelNames(this.labelNames, ['le']);
    checkBuckets(options.buckets);
    this.name = options.name;
    this.help = options.help;
    this.buckets = [...options.buckets];
  }

  /** The series of a label set, created empty on first use. */
  child(labels?: Labels): HistogramSeries {
    const key = seriesKey(this.name, this.labelNames, labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = new HistogramSeries(this.buckets);
      this.series.set(key, series);
    }
    return series;
  }

  /** Records one value in the series of `labels`. */
  observe(value: number, labels?: Labels): void {
    this.child(labels).observe(value);
  }
}

function checkBuckets(buckets: readonly number[]): void {
  const ok =
    buckets.length > 0 && buckets.every((b, i) => Number.isFinite(b) && (i === 0 || b > buckets[i - 1]!));
  if (!ok) {
    throw new InvalidOptionError(
      'buckets',
      `expected finite, strictly increasing upper bounds, got [${buckets.join(', ')}]`,
    );
  }
}
