import { checkRange } from './check-range.js';

/** Options of `AnomalyReserve`. */
export interface AnomalyReserveOptions {
  /** Fraction of the units `record` is given (each trace's budget) that the reserve earns, in [0, 1]. */
  readonly share: number;
  /** Least slowdown kept while the reserve is full; the bar rises as it empties (default 2). */
  readonly minSlowdown?: number;
  /** Capacity, in traces' worth of earnings: how large a burst of anomalies it can pay for (default 1000). */
  readonly burstTraces?: number;
}

/**
 * A token bucket of budget units for spans far slower than usual, kept even when mandatory spans exhaust
 * the main budget. Each trace earns `share` of the units it is recorded with (the engine records each
 * trace's budget: `keepRatio` of its units, calibrated); the bucket holds `burstTraces` times the average
 * earnings of a trace (a mean decayed by `1 - 1 / burstTraces` per trace, so neither one huge nor one empty
 * first trace sizes it for long) and starts full at the first record. A span is kept from it when its
 * slowdown reaches `threshold()`: `minSlowdown` while the bucket is full, `minSlowdown / fill` as it empties
 * (half full: twice the bar; 1% full: a hundred times), +Infinity when empty. A fault that fills the output
 * with slow spans therefore spends the reserve on the slowest of them first.
 *
 * Bound: a trace spends at most what the bucket held when it began (`available()`: the engine drops a
 * trace's reserve keeps past it), so one trace can no longer overdraw it. Over a run the units spent are at
 * most `share` of all units recorded plus what the level gained by following the capacity while full (the
 * first capacity included; it rises when the average earnings do). O(1) time and state;
 * deterministic. Records with non-finite or negative numbers are ignored and counted in `rejected`.
 */
export class AnomalyReserve {
  readonly share: number;
  readonly minSlowdown: number;
  /** Records ignored for non-finite or negative numbers. */
  rejected = 0;
  /** Units spent, summed over every accepted record. */
  spentUnits = 0;
  /** Per trace, of the earnings' and the traces' decayed sums (their ratio: the average earnings). */
  private readonly decay: number;
  private readonly burst: number;
  private earnings = 0;
  private traces = 0;
  private size = 0;
  private level = Number.NaN;
  /** The level equals the capacity (true until the first spending: the reserve starts full). */
  private full = true;
  private bar: number;

  /** Creates a full reserve. Throws `InvalidOptionError` naming the first bad option. */
  constructor(options: AnomalyReserveOptions) {
    const { share, minSlowdown = 2, burstTraces = 1000 } = options;
    checkRange('share', share, 0, 1);
    checkRange('minSlowdown', minSlowdown, Number.MIN_VALUE, 1e12);
    checkRange('burstTraces', burstTraces, 1, 1e9);
    this.share = share;
    this.minSlowdown = minSlowdown;
    this.decay = 1 - 1 / burstTraces;
    this.burst = burstTraces;
    this.bar = share > 0 ? minSlowdown : Number.POSITIVE_INFINITY;
  }

  /** Least slowdown a span needs to be kept from the reserve for the next trace. */
  threshold(): number {
    return this.bar;
  }

  /**
   * Units one trace may spend now: what the reserve holds, 0 before the first record (the capacity is not
   * known then: the first trace keeps nothing from the reserve) and while it is overdrawn.
   */
  available(): number {
    // biome-ignore lint/complexity/useMathMinMax: the level is NaN before the first record, and Math.max(0, NaN) is NaN.
    return this.level > 0 ? this.level : 0;
  }

  /** Units the reserve holds when full: `burstTraces` times the average earnings (0 before the first record). */
  get capacity(): number {
    return this.size;
  }

  /** Units the reserve holds now (NaN before the first record; it then starts full). */
  get units(): number {
    return this.level;
  }

  /** Reports one trace: units it spent from the reserve, and the units it earns a share of. */
  record(spent: number, units: number): void {
    if (!(spent >= 0 && spent < Number.POSITIVE_INFINITY && units >= 0 && units < Number.POSITIVE_INFINITY)) {
      this.rejected++;
      return;
    }
    const earned = this.share * units;
    // burstTraces times the decayed mean of the earnings: from the first trace on, and a first trace far
    // larger or smaller than the next weighs 1 / n of it after n traces (a decayed sum would weigh it
    // decay^n, with burstTraces times its earnings at the start).
    const earnings = this.earnings * this.decay + earned;
    const traces = this.traces * this.decay + 1;
    this.earnings = earnings;
    this.traces = traces;
    const capacity = (this.burst * earnings) / traces;
    this.size = capacity;
    // Most traces spend nothing from a full reserve: it stays full (the level follows the capacity) and
    // the bar stays where it is.
    if (spent === 0 && this.full) {
      this.level = capacity;
      return;
    }
    this.spentUnits += spent;
    const level = Math.min(capacity, (this.full ? capacity : this.level) + earned) - spent;
    this.level = level;
    this.full = level === capacity;
    // The bar is minSlowdown / (level / capacity), with one division.
    this.bar = level > 0 ? (this.minSlowdown * capacity) / level : Number.POSITIVE_INFINITY;
  }
}
