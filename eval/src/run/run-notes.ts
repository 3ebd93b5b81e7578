import type { ReadStats } from '@autoscope/formats';
import type { AssemblyCounts } from '../dataset/complete-traces.js';
import type { EvalDataset } from '../dataset/dataset.js';
import { BLOCK_BYTES } from '../metrics/block-compressor.js';
import type { FaultyDefinition } from '../results.js';
import type { RunPlan } from './run-plan.js';
import type { SampledStream } from './sampled-output.js';

/** What a run's notes are drawn from. */
export interface NoteSources {
  readonly stats: ReadStats;
  readonly counts: AssemblyCounts;
  readonly zstd: boolean;
  readonly plan: RunPlan;
  readonly sampled: readonly SampledStream[];
  readonly dataset: EvalDataset;
  readonly faultyDefinition: FaultyDefinition;
}

/** The caveats of a run, one line each, for the report. */
export function runNotes(s: NoteSources): string[] {
  const notes = [
    `dataset layout ${s.dataset.layout}: ${s.dataset.parts.length} part(s) read (${s.dataset.parts.join(', ')})`,
    `faulty spans: ${s.faultyDefinition === 'ids' ? "the fault list's faultySpanIds" : "spans of the fault's pod (or service) overlapping its window"}`,
    `compressed sizes: each sampler's output stream (one protobuf request per trace) cut into ${BLOCK_BYTES / 1024} KiB blocks, each compressed alone (gzip level 6, zstd level 3)`,
  ];
  if (!s.zstd) notes.push('zstd sizes are null: the zstd codec (@bokuweb/zstd-wasm) could not be loaded');
  if (s.stats.skipped > 0)
    notes.push(`${s.stats.skipped} bad record(s) skipped; first: ${s.stats.problems[0] ?? ''}`);
  for (const problem of s.stats.problems)
    if (problem.includes('skipped') && problem.includes('CSV file')) notes.push(problem);
  if (s.counts.repeatedSpans > 0)
    notes.push(`${s.counts.repeatedSpans} repeated span row(s) after their trace was complete: ignored`);
  if (s.counts.lateSpans > 0)
    notes.push(`${s.counts.lateSpans} span(s) arrived after their trace was complete: not measured`);
  for (const stream of s.sampled) {
    if (stream.unmatched > 0)
      notes.push(`${stream.output.name}: ${stream.unmatched} sampled trace(s) are not in the dataset`);
    notes.push(...stream.problems());
  }
  return notes;
}
