/**
 * The result protocol between a bench file and bench/run.js: a bench appends result rows and notes, and
 * writes them as JSON to the path in BENCH_RESULT (or prints them when run by hand).
 */
import { writeFileSync } from 'node:fs';

/** Collects rows: { benchmark, measured, unit, value, baseline, baselineValue, ratio, target, status, notes }. */
export class BenchReport {
  constructor(bench) {
    this.bench = bench;
    this.rows = [];
    this.notes = [];
  }

  /** Adds one result row. */
  row(row) {
    this.rows.push(row);
    process.stderr.write(`[${this.bench}] ${row.benchmark}: ${fmt(row.value)} ${row.unit}\n`);
  }

  /** Adds a free-text note (data source, method, caveats). */
  note(text) {
    this.notes.push(text);
    process.stderr.write(`[${this.bench}] note: ${text}\n`);
  }

  /** Writes the report where bench/run.js expects it. */
  save() {
    const json = JSON.stringify({ bench: this.bench, rows: this.rows, notes: this.notes }, null, 2);
    const path = process.env.BENCH_RESULT;
    if (path === undefined) process.stdout.write(`${json}\n`);
    else writeFileSync(path, json);
  }
}

/** Formats a number with a sensible precision. */
export function fmt(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Whether `--quick` was passed. */
export const QUICK = process.argv.includes('--quick');

/** Runs a full GC when node was started with --expose-gc. */
export function collect() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}
