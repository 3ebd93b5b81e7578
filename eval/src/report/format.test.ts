import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatNanos,
  formatPercent,
  formatScore,
  NOT_AVAILABLE,
} from './format.js';

describe('formatPercent', () => {
  it('prints fractions as percentages with the given decimals', () => {
    expect(formatPercent(0.8723)).toBe('87.2%');
    expect(formatPercent(0.99312, 2)).toBe('99.31%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(0.85, 0)).toBe('85%');
  });

  it('never rounds a value short of 100% up to 100%, nor a positive value down to 0%', () => {
    expect(formatPercent(0.99996)).toBe('>99.9%');
    expect(formatPercent(0.999996, 2)).toBe('>99.99%');
    expect(formatPercent(0.00001)).toBe('<0.1%');
  });

  it('prints negative reductions (output larger than input) with their sign', () => {
    expect(formatPercent(-0.052)).toBe('-5.2%');
  });

  it('prints n/a for missing and non-finite values', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined]) {
      expect(formatPercent(v)).toBe(NOT_AVAILABLE);
    }
  });
});

describe('formatBytes, formatCount, formatNanos, formatScore', () => {
  it('uses decimal units for bytes', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_843_200_000)).toBe('1.84 GB');
    expect(formatBytes(235_929_600)).toBe('235.9 MB');
    expect(formatBytes(null)).toBe(NOT_AVAILABLE);
  });

  it('groups thousands in counts', () => {
    expect(formatCount(8_400_000)).toBe('8,400,000');
    expect(formatCount(Number.NaN)).toBe(NOT_AVAILABLE);
  });

  it('picks the largest unit that keeps a duration at or above one', () => {
    expect(formatNanos(412)).toBe('412 ns');
    expect(formatNanos(1_500)).toBe('1.50 µs');
    expect(formatNanos(50_000_000)).toBe('50.0 ms');
    expect(formatNanos(2_000_000_000)).toBe('2.00 s');
    expect(formatNanos(Number.POSITIVE_INFINITY)).toBe(NOT_AVAILABLE);
  });

  it('prints scores with three decimals', () => {
    expect(formatScore(0.7123)).toBe('0.712');
    expect(formatScore(Number.NaN)).toBe(NOT_AVAILABLE);
  });
});
