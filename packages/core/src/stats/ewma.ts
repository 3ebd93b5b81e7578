import { InvalidOptionError } from '../errors.js';

/**
 * Exponentially weighted moving average over irregularly spaced samples, with a half-life in the
 * caller's time unit (e.g. seconds of trace time). Time is always passed in, never read from a clock.
 *
 * A sample taken `halfLife` before another weighs half as much. The state is a decayed sum of values and
 * a decayed sample count: `value(now)` is their ratio (the weighted mean, unbiased from the first sample,
 * and unchanged by the passing of time alone since both decay alike), `sum(now)` and `weight(now)` are the
 * decayed totals themselves (useful for rates, and for how much recent evidence the mean rests on).
 *
 * Samples whose time is before the latest one are treated as taken at the latest time (time never runs
 * backwards). `update` ignores non-finite values or times and counts them in `rejected`; `sum` and
 * `weight` treat a `now` that is NaN or not after the latest sample as the latest sample's time.
 */
export class Ewma {
  /** Time for a sample's weight to halve, in the caller's unit. */
  readonly halfLife: number;
  /** Updates ignored for a non-finite value or time. */
  rejected = 0;
  private decayedSum = 0;
  private decayedWeight = 0;
  private time = Number.NEGATIVE_INFINITY;
  private readonly ratePerUnit: number;

  /** Creates an empty average. Throws `InvalidOptionError` unless `halfLife` is finite and > 0. */
  constructor(halfLife: number) {
    if (!(halfLife > 0 && Number.isFinite(halfLife))) {
      throw new InvalidOptionError('halfLife', `must be a finite number > 0, got ${halfLife}`);
    }
    this.halfLife = halfLife;
    this.ratePerUnit = Math.LN2 / halfLife;
  }

  /** Adds a sample `value` taken at time `now`. */
  update(value: number, now: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(now)) {
      this.rejected++;
      return;
    }
    const decay = this.decayTo(now);
    this.decayedSum = this.decayedSum * decay + value;
    this.decayedWeight = this.decayedWeight * decay + 1;
    if (now > this.time) this.time = now;
  }

  /**
   * Weighted mean of the samples; NaN before the first sample. Weighting the samples by their age at any
   * later time gives the same mean (all weights decay alike), so `now` is accepted for symmetry with
   * `sum` and `weight` but does not change the result.
   */
  value(_now?: number): number {
    if (this.decayedWeight === 0) return Number.NaN;
    return this.decayedSum / this.decayedWeight;
  }

  /** Sum of the sample values, each weighted by its age at `now`. */
  sum(now: number): number {
    return this.decayedSum * this.decayTo(now);
  }

  /** Number of samples, each weighted by its age at `now` (decays toward 0 without new samples). */
  weight(now: number): number {
    return this.decayedWeight * this.decayTo(now);
  }

  /** Forgets every sample and resets `rejected`. */
  clear(): void {
    this.decayedSum = 0;
    this.decayedWeight = 0;
    this.time = Number.NEGATIVE_INFINITY;
    this.rejected = 0;
  }

  private decayTo(now: number): number {
    // Also 1 for a NaN `now`: an unusable time is treated as the latest one.
    if (!(now > this.time)) return 1;
    return Math.exp(-this.ratePerUnit * (now - this.time));
  }
}

/**
 * Two decayed sums with one half-life, always updated at the same times (e.g. anomalous and total span
 * counts): the same numbers as two `Ewma` sums, with one decay factor per update instead of two. Values
 * must be finite (counts); an update at a non-finite time is ignored.
 */
export class DecayedPair {
  /** First sum, decayed to the latest update's time. */
  first = 0;
  /** Second sum, decayed to the latest update's time. */
  second = 0;
  private time = Number.NEGATIVE_INFINITY;
  private readonly ratePerUnit: number;

  /** Throws `InvalidOptionError` unless `halfLife` is finite and > 0. */
  constructor(halfLife: number) {
    if (!(halfLife > 0 && Number.isFinite(halfLife))) {
      throw new InvalidOptionError('halfLife', `must be a finite number > 0, got ${halfLife}`);
    }
    this.ratePerUnit = Math.LN2 / halfLife;
  }

  /** Adds `first` and `second` taken at time `now` (earlier times count as the latest). */
  add(first: number, second: number, now: number): void {
    if (!Number.isFinite(now)) return;
    const decay = this.decay(now);
    this.first = this.first * decay + first;
    this.second = this.second * decay + second;
    if (now > this.time) this.time = now;
  }

  /** The factor that takes `first` and `second` to time `now` (1 for a time not after the latest). */
  decay(now: number): number {
    if (!(now > this.time)) return 1;
    return Math.exp(-this.ratePerUnit * (now - this.time));
  }
}
