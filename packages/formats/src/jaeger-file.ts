import type { Span } from '@autoscope/core';
import { streamJsonArray } from './io/json-stream.js';
import { readBytes } from './io/open-input.js';
import { JaegerConverter } from './jaeger-span.js';
import type { ReadStats } from './source.js';
import { newReadStats } from './source.js';

/** Options of {@link readJaegerTraces}. */
export interface JaegerReadOptions {
  /** Yield a batch once it holds at least this many spans (traces are not split). Default 1000. */
  readonly batchSize?: number;
}

/**
 * Streams spans from a Jaeger JSON file (gzipped or not): the UI's download and the query API's
 * `/api/traces` response (`{"data": [trace, ...]}`, streamed one trace at a time, so files larger than
 * memory work) or a single trace object (`{"traceID", "spans", "processes"}`) or a bare array of traces (both held in
 * memory).
 *
 * Mapping: ids are left-padded with zeros to 32/16 hex; the first CHILD_OF reference in the same trace is
 * the parent and every other reference a link (`opentracing.ref_type`); `startTime`/`duration` are
 * microseconds; tags become typed attributes (see `convertJaegerTags`); the `span.kind` tag gives the kind,
 * `otel.status_code` or `error=true` the status and `otel.status_description` its message (those tags are
 * removed); logs become events named by their `event` field, else `log`; `otel.scope.name`/`version` tags
 * give the scope; each distinct process (service name and tags) becomes one shared resource.
 *
 * `stats.records` counts spans (and malformed trace entries); bad ones are skipped, counted and the first
 * few described as `file:trace[i].spans[j]: message` (`i` counts traces from 0). Malformed JSON throws a TraceFileError with the byte
 * offset, after the spans before it were yielded.
 */
export async function* readJaegerTraces(
  path: string,
  stats: ReadStats = newReadStats(),
  options: JaegerReadOptions = {},
): AsyncGenerator<Span[]> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const converter = new JaegerConverter(stats);
  let batch: Span[] = [];
  let index = 0;
  for await (const trace of streamJsonArray(readBytes(path), ['data'], path, {
    wholeDocumentFallback: true,
  })) {
    // A bare array of traces arrives whole, through the fallback.
    for (const one of Array.isArray(trace) ? trace : [trace]) {
      for (const span of converter.traceToSpans(one, `${path}:trace[${index++}]`)) batch.push(span);
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
