import { checkLabelNames, checkMetricName, type Labels, seriesKey } from './labels.js';

/** A value of one label set that goes up and down. */
export interface GaugeChild {
  set(value: number): void;
  inc(value?: number): void;
  dec(value?: number): void;
  get(): number;
}

/** What defines a gauge. */
export interface GaugeOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  /**
   * Called at each render to refresh the value of the unlabelled series (e.g. a buffer size), so hot code
   * never updates it. It must not throw; if it does, the last value is kept.
   */
  readonly collect?: () => number;
}

class GaugeSeries implements GaugeChild {
  value = 0;
  set(value: number): void {
    this.value = value;
  }
  inc(value = 1): void {
    this.value += value;
  }
  dec(value = 1): void {
    this.value -= value;
  }
  get(): number {
    return this.value;
  }
}

/** A gauge with optional labels, or a collected value (`collect`). */
export class Gauge {
  readonly type = 'gauge';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly series = new Map<string, GaugeSeries>();
  private readonly collector: (() => number) | undefined;

  constructor(options: GaugeOptions) {
    checkMetricName(options.name);
    this.labelNames = options.labelNames ?? [];
    checkLabelNames(this.labelNames);
    this.name = options.name;
    this.help = options.help;
    this.collector = options.collect;
    if (this.collector !== undefined) this.child();
  }

  /** The series of a label set, created at 0 on first use. */
  child(labels?: Labels): GaugeChild {
    const key = seriesKey(this.name, this.labelNames, labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = new GaugeSeries();
      this.series.set(key, series);
    }
    return series;
  }

  /** Sets the series of `labels`. */
  set(value: number, labels?: Labels): void {
    this.child(labels).set(value);
  }

  /** The value of the series of `labels` (0 when it does not exist), after running `collect`. */
  get(labels?: Labels): number {
    this.refresh();
    return this.series.get(seriesKey(this.name, this.labelNames, labels))?.value ?? 0;
  }

  /** Runs `collect`, if any (the registry calls this before rendering). */
  refresh(): void {
    if (this.collector === undefined) return;
    try {
      this.child().set(this.collector());
    } catch {
      // A failing collector keeps the last value: rendering must not fail.
    }
  }
}
