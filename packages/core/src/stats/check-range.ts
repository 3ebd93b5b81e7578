import { InvalidOptionError } from '../errors.js';

/** Throws `InvalidOptionError` naming `option` unless `value` is a number in [min, max] (NaN is not). */
export function checkRange(option: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) {
    throw new InvalidOptionError(option, `must be a number from ${min} to ${max}, got ${value}`);
  }
}
