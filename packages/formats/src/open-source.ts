import { stat } from 'node:fs/promises';
import type { Span } from '@autoscope/core';
import { readCsvTraces } from './csv-file.js';
import { detectFormat, type TraceFormat } from './detect.js';
import { listFiles } from './io/list-files.js';
import { readJaegerTraces } from './jaeger-file.js';
import { readOtlpJsonFile, readOtlpProtobufFile } from './otlp-file.js';
import type { ReadStats } from './source.js';
import { readZipkinSpans } from './zipkin-file.js';

/** An opened input: its detected format and its spans in batches. */
export interface TraceSource {
  readonly format: TraceFormat;
  readonly batches: AsyncIterable<readonly Span[]>;
}

/**
 * Opens a trace file or folder in any supported format (`auto` detects it from the content). A folder is
 * read file by file in sorted order; CSV folders are read by the CSV reader, which skips non-trace files.
 */
export async function openTraceSource(
  path: string,
  format: TraceFormat | 'auto',
  stats: ReadStats,
): Promise<TraceSource> {
  const resolved = format === 'auto' ? await detectFormat(path) : format;
  const folder = (await stat(path)).isDirectory();
  if (resolved === 'csv' || !folder) return { format: resolved, batches: readOne(path, resolved, stats) };
  return { format: resolved, batches: readFolder(path, resolved, stats) };
}

async function* readFolder(
  path: string,
  format: TraceFormat,
  stats: ReadStats,
): AsyncGenerator<readonly Span[]> {
  for (const file of await listFiles(path, () => true)) yield* readOne(file, format, stats);
}

function readOne(path: string, format: TraceFormat, stats: ReadStats): AsyncIterable<readonly Span[]> {
  switch (format) {
    case 'csv':
      return readCsvTraces(path, stats);
    case 'jaeger':
      return readJaegerTraces(path, stats);
    case 'zipkin':
      return readZipkinSpans(path, stats);
    case 'otlp-json':
      return readOtlpJsonFile(path, stats);
    case 'otlp-proto':
      return readOtlpProtobufFile(path, stats);
  }
}
