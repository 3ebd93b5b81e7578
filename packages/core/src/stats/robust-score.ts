import { InvalidOptionError } from '../errors.js';

/** 0.6745 = Φ⁻¹(0.75): scales MAD to the standard deviation of a normal distribution (Iglewicz–Hoaglin). */
export const MAD_Z_FACTOR = 0.6745;

/** 1.2533 = √(π/2): scales the mean absolute deviation to the standard deviation of a normal distribution. */
export const MEAN_AD_CONSISTENCY = 1.2533;

/** Scores are clamped to ±MAX_SCORE, so they are always finite and comparable. */
export const MAX_SCORE = 1e6;

/** Default number of most recent values the statistics of one series cover. */
export const DEFAULT_MEDIAN_WINDOW = 100;

/** Largest accepted window (positions are 32-bit integers). */
export const MAX_MEDIAN_WINDOW = 1 << 24;

/** Throws `InvalidOptionError` naming `option` unless `window` is an integer in [1, MAX_MEDIAN_WINDOW]. */
export function checkWindow(option: string, window: number): void {
  if (!Number.isInteger(window) || window < 1 || window > MAX_MEDIAN_WINDOW) {
    throw new InvalidOptionError(option, `must be an integer from 1 to ${MAX_MEDIAN_WINDOW}, got ${window}`);
  }
}
