import { basename } from 'node:path';
import type { Span } from '@autoscope/core';
import { listFiles, openTraceSource, type ReadStats, readFaultsFile } from '@autoscope/formats';
import { EvalInputError } from '../run/errors.js';
import type { EvalDataset } from './dataset.js';

/** The faults file of the project's dataset format. */
export const FAULTS_FILE = 'faults.json';

const TRACE_FILE = /\.(jsonl|json|pb|proto|bin|csv)(\.gz)?$/i;
const NOT_TRACES = new Set([FAULTS_FILE, 'results.json', 'package.json']);

/**
 * Opens a dataset in the project's format: `faults.json` (see `readFaultsFile`) beside trace files in any
 * format `openTraceSource` reads (OTLP JSON lines as the Collector's file exporter writes them, OTLP
 * protobuf, Jaeger, Zipkin, CSV; gzip ok). Trace files are those named `traces*` when there are any,
 * else every `.jsonl`, `.json`, `.pb`, `.proto`, `.bin` or `.csv` file (optionally `.gz`) but
 * `faults.json` and `results.json`, read in sorted path order.
 */
export async function openOtlpFaults(path: string, faultsFile: string): Promise<EvalDataset> {
  const faults = await readFaultsFile(faultsFile);
  const candidates = await listFiles(path, (file) => {
    const name = basename(file);
    return TRACE_FILE.test(name) && !NOT_TRACES.has(name);
  });
  const named = candidates.filter((file) => basename(file).startsWith('traces'));
  const files = named.length > 0 ? named : candidates;
  if (files.length === 0) {
    throw new EvalInputError(
      path,
      `has ${FAULTS_FILE} but no trace files (traces.jsonl, *.jsonl.gz, *.pb, ...)`,
    );
  }
  const sorted = [...faults].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return {
    path,
    layout: 'otlp-faults',
    faults: sorted,
    parts: files,
    spans: (stats) => readFiles(files, stats),
  };
}

async function* readFiles(files: readonly string[], stats: ReadStats): AsyncGenerator<readonly Span[]> {
  for (const file of files) {
    const source = await openTraceSource(file, 'auto', stats);
    yield* source.batches;
  }
}
