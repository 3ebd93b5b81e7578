import { describe, expect, it } from 'vitest';
import { parseTimeNanos } from './time-nanos.js';

describe('parseTimeNanos', () => {
  it('parses RFC 3339 exactly, with zones and fractions', () => {
    expect(parseTimeNanos('2023-01-29T08:43:04Z')).toBe(1674981784000000000n);
    expect(parseTimeNanos('2023-01-29 08:43:04')).toBe(1674981784000000000n);
    expect(parseTimeNanos('2023-01-29T16:43:04.000000001+08:00')).toBe(1674981784000000001n);
    expect(parseTimeNanos('2023-01-29T08:43:04.5-00:30')).toBe(1674983584500000000n);
    expect(parseTimeNanos('1970-01-01T00:00:00Z')).toBe(0n);
  });

  it('parses decimal nanoseconds', () => {
    expect(parseTimeNanos('1674981768697763387')).toBe(1674981768697763387n);
  });

  it('rejects anything else', () => {
    for (const bad of [
      '',
      '2023-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2023-01-01T24:00:00Z',
      '-5',
      '1e9',
      '2023-01-01',
      '2023-01-01T00:00:00.1234567890Z',
    ]) {
      expect(parseTimeNanos(bad), bad).toBeUndefined();
    }
  });
});
