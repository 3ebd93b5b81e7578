/** Number formatting for the report. Every function prints `n/a` for NaN and infinities. */

/** Shown in place of a number that is missing or not finite. */
export const NOT_AVAILABLE = 'n/a';

/**
 * A fraction as a percentage with `digits` decimals. A value that is not exactly 0 or 1 never rounds to
 * them: 0.99996 prints as `>99.9%`, so a missed 100% target never looks met.
 */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NOT_AVAILABLE;
  const text = (fraction * 100).toFixed(digits);
  const step = 10 ** -digits;
  if (fraction < 1 && fraction > 0.5 && Number(text) >= 100) return `>${(100 - step).toFixed(digits)}%`;
  if (fraction > 0 && fraction < 0.5 && Number(text) <= 0) return `<${step.toFixed(digits)}%`;
  return `${text}%`;
}

/** A count with thousands separators (`1,234,567`). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NOT_AVAILABLE;
  return Math.round(n).toLocaleString('en-US');
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** A byte count in decimal units (`1.23 MB`). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return NOT_AVAILABLE;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${BYTE_UNITS[unit]}`;
}

/** A duration given in nanoseconds, in the largest unit that keeps it at or above 1 (`1.5 ms`). */
export function formatNanos(nanos: number): string {
  if (!Number.isFinite(nanos)) return NOT_AVAILABLE;
  const abs = Math.abs(nanos);
  if (abs < 1_000) return `${Math.round(nanos)} ns`;
  if (abs < 1_000_000) return `${trim(nanos / 1_000)} µs`;
  if (abs < 1_000_000_000) return `${trim(nanos / 1_000_000)} ms`;
  return `${trim(nanos / 1_000_000_000)} s`;
}

/** A score in [0, 1] such as an MRR, with three decimals. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return NOT_AVAILABLE;
  return score.toFixed(3);
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
