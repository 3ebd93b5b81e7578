import type { Span } from '@autoscope/core';
import { newReadStats, openTraceSource } from '@autoscope/formats';
import { EvalInputError } from './errors.js';

/** An output sampled elsewhere (the demo's live processor), to be measured against the full dataset. */
export interface SampledOutput {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
}

/** A sampled output read into memory, grouped by trace id, with its read problems. */
export interface LoadedOutput {
  readonly traces: Map<string, Span[]>;
  readonly spans: Span[];
  readonly problems: readonly string[];
}

/**
 * Reads a sampled output (any format `openTraceSource` reads). It is held in memory grouped by trace id,
 * as its traces are matched to the full data's traces in the full data's order: its size is the sampled
 * size, not the dataset's.
 */
export async function loadSampledOutput(output: SampledOutput): Promise<LoadedOutput> {
  const stats = newReadStats();
  const traces = new Map<string, Span[]>();
  const spans: Span[] = [];
  let source: Awaited<ReturnType<typeof openTraceSource>>;
  try {
    source = await openTraceSource(output.path, 'auto', stats);
  } catch (cause) {
    throw new EvalInputError(output.path, `cannot read the sampled output "${output.name}"`, { cause });
  }
  for await (const batch of source.batches) {
    for (const span of batch) {
      spans.push(span);
      const list = traces.get(span.traceId);
      if (list === undefined) traces.set(span.traceId, [span]);
      else list.push(span);
    }
  }
  const problems =
    stats.skipped > 0 ? [`${output.path}: ${stats.skipped} record(s) skipped`, ...stats.problems] : [];
  return { traces, spans, problems };
}
