import { InvalidOptionError } from '../errors.js';

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
 * trace's budget: `keepRatio` of its units, calibrated); the bucket holds at most `burstTraces` traces'
 * worth (the earnings summed with a decay of `1 - 1 / burstTraces` per trace, starting at the first
 * trace's earnings times `burstTraces`), and starts full. A span is kept from it when its slowdown
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
  /** Per trace; the decayed sum of earnings then tends to `burstTraces` traces' worth. */
  private readonly decay: number;
  private readonly burst: number;
  private capacity = 0;
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
    // Full size from the first trace on (its earnings taken as typical), then the decayed sum.
    const capacity = Number.isNaN(this.level) ? earned * this.burst : this.capacity * this.decay + earned;
    this.capacity = capacity;
    // Most traces spend nothing from a full reserve: it stays full (the capacity shrinks by its decay
    // and grows by what is earned, the level by what is earned) and the bar stays where it is.
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

function checkRange(option: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) {
    throw new InvalidOptionError(option, `must be a number from ${min} to ${max}, got ${value}`);
  }
}
