import { type DriftReport, learn } from '@autoscope/analyzer';
import { InvalidOptionError } from '@autoscope/core';
import { assembleTraces, newReadStats, openTraceSource, type TraceFormat } from '@autoscope/formats';
import { readConfigIfPresent, writeConfig } from './config-file.js';

/** What `autoscope learn` was asked to do. */
export interface LearnRequest {
  readonly config: string;
  readonly traces: string;
  readonly format: string;
  readonly out: string;
}

/** The drift report plus where the patched config went and what the reader skipped. */
export interface LearnSummary extends DriftReport {
  readonly out: string;
  readonly skippedRecords: number;
  readonly problems: readonly string[];
}

/** Reads the config and the traces, patches the structure model and writes it to `out`. */
export async function runLearn(request: LearnRequest): Promise<LearnSummary> {
  const config = await readConfigIfPresent(request.config);
  if (config === undefined) throw new InvalidOptionError('config', `${request.config}: no such file`);
  const stats = newReadStats();
  const source = await openTraceSource(request.traces, request.format as TraceFormat | 'auto', stats);
  const patched = await learn(config, assembleTraces(source.batches));
  await writeConfig(request.out, patched.config);
  return { ...patched.drift, out: request.out, skippedRecords: stats.skipped, problems: stats.problems };
}

const SHOWN = 15;

/** The human-readable drift report. */
export function formatDrift(s: LearnSummary): string {
  const lines = [
    `wrote ${s.out}`,
    `  read        ${s.traces} traces, ${s.spans} spans${s.skippedRecords > 0 ? ` (${s.skippedRecords} records skipped)` : ''}`,
    `  static      ${s.observed} edges seen in traces, ${s.unobserved.length} never seen`,
    `  added       ${s.added.length} edges seen only in traces`,
  ];
  for (const e of s.added.slice(0, SHOWN)) lines.push(`    + ${e.from} -> ${e.to} (${e.count}x)`);
  for (const e of s.unobserved.slice(0, SHOWN)) lines.push(`    ? ${e.from} -> ${e.to} (not seen)`);
  if (s.unknownSpans.length > 0)
    lines.push(
      `  unknown     ${s.unknownSpans.length} span names with no entry, e.g. ${s.unknownSpans.slice(0, 3).join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}
