import { InvalidOptionError } from '../errors.js';

/** Options of `AnomalyReserve`. */
export interface AnomalyReserveOptions {
  /** Fraction of all units (bytes or spans) the reserve earns, in [0, 1]. */
  readonly share: number;
  /** Least slowdown kept while the reserve is full; the bar rises as it empties (default 2). */
  readonly minSlowdown?: number;
  /** Capacity, in traces' worth of earnings: how large a burst of anomalies it can pay for (default 1000). */
  readonly burstTraces?: number;
}

/** Half-life, in traces, of the mean earnings per trace that sizes the capacity. */
const EARNINGS_HALF_LIFE = 100;

/**
 * A token bucket of budget units for spans far slower than usual, kept even when mandatory spans exhaust
 * the main budget. Each trace earns `share` of its units; the bucket holds at most `burstTraces` traces'
 * worth (mean earnings per trace, decayed), and starts full. A span is kept from it when its slowdown
 * reaches `threshold()`: `minSlowdown` while the bucket is full, `minSlowdown / fill` as it empties (half
 * full: twice the bar; 1% full: a hundred times), +Infinity when empty. A fault that fills the output with
 * slow spans therefore spends the reserve on the slowest of them first, and never more than it holds.
 *
 * Bound: the units spent never exceed `share` of all units seen plus the capacity plus one trace's spending
 * (a trace's spans are kept against the threshold read before it). O(1) time and state; deterministic.
 * Records with non-finite or negative numbers are ignored and counted in `rejected`.
 */
export class AnomalyReserve {
  readonly share: number;
  readonly minSlowdown: number;
  /** Records ignored for non-finite or negative numbers. */
  rejected = 0;
  /** Units spent, summed over every accepted record. */
  spentUnits = 0;
  private readonly burstTraces: number;
  private readonly decay = 2 ** (-1 / EARNINGS_HALF_LIFE);
  private earnedWindow = 0;
  private tracesWindow = 0;
  private level = Number.NaN;
  private bar: number;

  /** Creates a full reserve. Throws `InvalidOptionError` naming the first bad option. */
  constructor(options: AnomalyReserveOptions) {
    const { share, minSlowdown = 2, burstTraces = 1000 } = options;
    checkRange('share', share, 0, 1);
    checkRange('minSlowdown', minSlowdown, Number.MIN_VALUE, 1e12);
    checkRange('burstTraces', burstTraces, 1, 1e9);
    this.share = share;
    this.minSlowdown = minSlowdown;
    this.burstTraces = burstTraces;
    this.bar = share > 0 ? minSlowdown : Number.POSITIVE_INFINITY;
  }

  /** Least slowdown a span needs to be kept from the reserve for the next trace. */
  threshold(): number {
    return this.bar;
  }

  /** Units the reserve holds now (NaN before the first record; it then starts full). */
  get units(): number {
    return this.level;
  }

  /** Reports one trace: units it spent from the reserve and all its units. */
  record(spent: number, total: number): void {
    if (!(spent >= 0 && spent < Number.POSITIVE_INFINITY && total >= 0 && total < Number.POSITIVE_INFINITY)) {
      this.rejected++;
      return;
    }
    this.spentUnits += spent;
    const earned = this.share * total;
    this.earnedWindow = this.earnedWindow * this.decay + earned;
    this.tracesWindow = this.tracesWindow * this.decay + 1;
    const capacity = (this.earnedWindow / this.tracesWindow) * this.burstTraces;
    const level = Number.isNaN(this.level) ? capacity : this.level;
    this.level = Math.min(capacity, level + earned) - spent;
    const fill = capacity > 0 ? this.level / capacity : 0;
    this.bar = fill > 0 ? this.minSlowdown / fill : Number.POSITIVE_INFINITY;
  }
}

function checkRange(option: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) {
    throw new InvalidOptionError(option, `must be a number from ${min} to ${max}, got ${value}`);
  }
}
