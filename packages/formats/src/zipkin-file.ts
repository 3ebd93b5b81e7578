import type { Span } from '@autoscope/core';
import { streamJsonArray } from './io/json-stream.js';
import { readBytes } from './io/open-input.js';
import { recordSkip } from './read-problems.js';
import type { ReadStats } from './source.js';
import { newReadStats } from './source.js';
import { ZipkinConverter } from './zipkin-span.js';

/** Options of {@link readZipkinSpans}. */
export interface ZipkinReadOptions {
  /** Spans per yielded batch (the last may be smaller). Default 1000. */
  readonly batchSize?: number;
}

/**
 * Streams spans from a Zipkin v2 JSON file (gzipped or not): a top-level array of spans, read one span at
 * a time so files larger than memory work.
 *
 * Mapping: `traceId` (up to 32 hex) and `id`/`parentId` (up to 16) are left-padded with zeros;
 * `timestamp`/`duration` are microseconds; `kind` CLIENT/SERVER/PRODUCER/CONSUMER maps to the span kind
 * (absent: UNSPECIFIED); `localEndpoint.serviceName` gives one shared resource per service;
 * `remoteEndpoint` becomes `peer.service`, `net.peer.ip`, `net.peer.port` (and `server.address`/
 * `server.port` on CLIENT and PRODUCER spans); tags become string attributes, except `error` (status ERROR
 * with the tag's value as message) and `otel.status_code`/`otel.status_description`; annotations become
 * events. All spans share `ZIPKIN_IMPORT_SCOPE`. Spans shared between client and server (`shared: true`)
 * keep their repeated id; the trace assembler handles duplicates.
 *
 * `stats.records` counts spans; bad ones (ids, missing timestamp) are skipped, counted and the first few
 * described as `file:[i]: message`. Malformed JSON throws a TraceFileError with the byte offset.
 */
export async function* readZipkinSpans(
  path: string,
  stats: ReadStats = newReadStats(),
  options: ZipkinReadOptions = {},
): AsyncGenerator<Span[]> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const converter = new ZipkinConverter();
  let batch: Span[] = [];
  let index = 0;
  for await (const raw of streamJsonArray(readBytes(path), [], path)) {
    stats.records++;
    const span = converter.toSpan(raw);
    if (typeof span === 'string') recordSkip(stats, `${path}:[${index}]: ${span}`);
    else batch.push(span);
    index++;
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
