import type { Fault } from '@autoscope/formats';
import { newReadStats } from '@autoscope/formats';
import { type AssemblyCounts, completeTraces } from '../dataset/complete-traces.js';
import { openDataset } from '../dataset/open-dataset.js';
import { BlockCompressor } from '../metrics/block-compressor.js';
import { FaultMatcher } from '../metrics/fault-matcher.js';
import { SamplerMeter } from '../metrics/sampler-meter.js';
import { samplerResult, sweepPoint } from '../metrics/sampler-result.js';
import { traceTruth } from '../metrics/trace-truth.js';
import { loadZstd } from '../metrics/zstd.js';
import { RCA_METHODS, type RcaMethod } from '../rca/index.js';
import { EVAL_REPORT_VERSION, type EvalReport, type FaultyDefinition } from '../results.js';
import { loadStaticConfig } from './analyzer-config.js';
import { EvalInputError } from './errors.js';
import { type EvalOptions, resolveEvalOptions } from './eval-options.js';
import { runNotes } from './run-notes.js';
import { planRuns } from './run-plan.js';
import { SampledStream } from './sampled-output.js';

/** Traces between two progress calls. */
const PROGRESS_EVERY = 50;

/**
 * Evaluates samplers on a dataset in one streaming pass: every complete trace is handed to every sampler
 * (and to the RCA methods unsampled), and only aggregates are kept. See `EvalOptions` for what can be
 * asked and `EvalReport` for what comes back.
 */
export function runEval(options: EvalOptions): Promise<EvalReport> {
  return evaluate(options, RCA_METHODS);
}

/** {@link runEval} with the RCA methods given (tests use their own). */
export async function evaluate(options: EvalOptions, rca: readonly RcaMethod[]): Promise<EvalReport> {
  const started = performance.now();
  const resolved = resolveEvalOptions(options);
  const dataset = await openDataset(options.dataset, options.day === undefined ? {} : { day: options.day });
  const faultyDefinition = chooseFaulty(options.faulty, dataset.faults, options.dataset);
  const staticConfig = options.config === undefined ? undefined : await loadStaticConfig(options.config);
  const sampled: SampledStream[] = [];
  for (const output of options.sampled ?? []) sampled.push(await SampledStream.open(output));
  const zstd = await loadZstd();
  const faults = dataset.faults;
  const plan = planRuns({ options: resolved, faults, rca, zstd, staticConfig, sampled });
  const inputCompressor = new BlockCompressor(zstd);
  const full = new SamplerMeter(faults, { rca, compressor: inputCompressor });
  const matcher = new FaultMatcher(faults, faultyDefinition);
  const stats = newReadStats();
  const counts: AssemblyCounts = { repeatedSpans: 0, lateSpans: 0 };
  for await (const trace of completeTraces(dataset.spans(stats), counts)) {
    const truth = traceTruth(trace, matcher);
    full.record(truth, truth.tree.spans, new Uint8Array(truth.tree.spans.length).fill(1), 0);
    for (const { run } of plan.externals) await run.advance(truth);
    for (const run of plan.all) run.process(truth);
    if (full.traces % PROGRESS_EVERY === 0) options.onProgress?.(full.traces, undefined);
  }
  for (const run of plan.all) run.finish?.();
  for (const stream of sampled) await stream.finish();
  options.onProgress?.(full.traces, full.traces);
  inputCompressor.flush();
  const input = { bytes: full.bytesIn, gzip: inputCompressor.gzipBytes, zstd: inputCompressor.zstdTotal };
  const results = plan.results.map((planned) => {
    planned.compressor.flush();
    const output = { gzip: planned.compressor.gzipBytes, zstd: planned.compressor.zstdTotal };
    return samplerResult(planned.run.meter, planned.identity(), input, output, faults.length);
  });
  const sweep = plan.points.map((p) => sweepPoint(p.run.meter, p.sampler, p.keepRatio(), faults.length));
  const notes = runNotes({
    stats,
    counts,
    zstd: zstd !== undefined,
    plan,
    sampled,
    dataset,
    faultyDefinition,
  });
  const example = plan.example?.example;
  return {
    version: EVAL_REPORT_VERSION,
    dataset: options.dataset,
    traces: full.traces,
    spans: full.spansIn,
    faults: faults.length,
    faultyDefinition,
    keepRatio: resolved.keepRatio,
    command: options.command ?? `runEval(${JSON.stringify({ dataset: options.dataset })})`,
    generatedAt: new Date().toISOString(),
    rcaFull: full.rcaScores(),
    results,
    ...(sweep.length > 0 ? { sweep } : {}),
    ...(example === undefined ? {} : { example }),
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}

function chooseFaulty(
  asked: FaultyDefinition | undefined,
  faults: readonly Fault[],
  dataset: string,
): FaultyDefinition {
  const withIds = faults.some((f) => f.faultySpanIds !== undefined);
  if (asked === 'ids' && !withIds) {
    throw new EvalInputError(
      dataset,
      'faulty=ids needs faultySpanIds in the fault list; none has them (use pod-window)',
    );
  }
  if (asked !== undefined && asked !== 'ids' && asked !== 'pod-window') {
    throw new EvalInputError('faulty', `expected "pod-window" or "ids", got ${JSON.stringify(asked)}`);
  }
  return asked ?? (withIds ? 'ids' : 'pod-window');
}
