import { AutoscopeEngine } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import { BlockCompressor, type Compress } from '../metrics/block-compressor.js';
import { ExamplePicker } from '../metrics/example-trace.js';
import { SamplerMeter } from '../metrics/sampler-meter.js';
import type { ResultIdentity } from '../metrics/sampler-result.js';
import type { RcaMethod } from '../rca/index.js';
import { SAMPLER_ENTRIES } from '../samplers/registry.js';
import { type StaticConfig, staticEngine } from './analyzer-config.js';
import { ByteBudget } from './byte-budget.js';
import { EngineRun } from './engine-run.js';
import type { ResolvedEvalOptions } from './eval-options.js';
import type { SampledStream } from './sampled-output.js';
import { ExternalRun, type SamplerRun, StrategyRun } from './sampler-run.js';

/** Seed of every baseline's hashes. */
const SEED = 1;
/** Name of the engine run with the analyzer's static model. */
export const STATIC_SAMPLER = 'autoscope+static';

/** A run that becomes a row of `results`. */
export interface PlannedResult {
  readonly run: SamplerRun;
  readonly compressor: BlockCompressor;
  /** Read at the end: an equal-bytes budget is only known then. */
  identity(): ResultIdentity;
}

/** A run that becomes a point of `sweep`. */
export interface PlannedPoint {
  readonly run: SamplerRun;
  readonly sampler: string;
  keepRatio(): number;
}

/** Every run of one evaluation, in the order each trace is handed to them (engines first). */
export interface RunPlan {
  readonly results: readonly PlannedResult[];
  readonly points: readonly PlannedPoint[];
  readonly externals: readonly { readonly name: string; readonly run: ExternalRun }[];
  readonly example: ExamplePicker | undefined;
  /** Every run, engines first (a following budget reads its leader's totals so far, which lag by the engine's lookback). */
  readonly all: readonly SamplerRun[];
}

/** What the plan is built from. */
export interface PlanContext {
  readonly options: ResolvedEvalOptions;
  readonly faults: readonly Fault[];
  readonly rca: readonly RcaMethod[];
  readonly zstd: Compress | undefined;
  readonly staticConfig: StaticConfig | undefined;
  /** Outputs sampled elsewhere, opened; each measurement learns their shapes as they are read. */
  readonly sampled: readonly SampledStream[];
}

/**
 * Plans the runs: at the default budget, Autoscope (and `autoscope+static` with a config) at `keepRatio`,
 * every ratio-budgeted baseline steered to Autoscope's achieved output bytes (`equal-bytes`; `fixed-bytes`
 * at `keepRatio` when no engine runs), unbudgeted samplers as they are, sampled outputs as given; then
 * one run per sampler and sweep budget.
 */
export function planRuns(context: PlanContext): RunPlan {
  const results = [...engineResults(context)];
  const leader = results[0];
  const example =
    leader === undefined ? undefined : new ExamplePicker(leader.identity().sampler, context.faults);
  if (leader !== undefined) (leader.run as EngineRun).attachExample(example!);
  results.push(...baselineResults(context, leader?.run.meter));
  const externals = context.sampled.map((stream) => {
    const meter = newMeter(context, new BlockCompressor(context.zstd));
    return { name: stream.output.name, output: stream.output, run: new ExternalRun(stream, meter) };
  });
  for (const { output, run } of externals) {
    const compressor = run.meter.options.compressor!;
    const description = output.description ?? `sampled elsewhere, read from ${output.path}`;
    results.push({ run, compressor, identity: () => externalIdentity(output.name, description, run) });
  }
  const points = context.options.sweep.flatMap((budget, k) => sweepPoints(context, budget, k === 0));
  const all = [...results.map((r) => r.run), ...points.map((p) => p.run)];
  return { results, points, externals: externals.map(({ name, run }) => ({ name, run })), example, all };
}

function newMeter(context: PlanContext, compressor?: BlockCompressor): SamplerMeter {
  return new SamplerMeter(context.faults, {
    rca: context.rca,
    ...(compressor ? { compressor } : {}),
  });
}

function engineResults(context: PlanContext): PlannedResult[] {
  const { keepRatio, samplers } = context.options;
  const engines: { name: string; description: string; strategy: AutoscopeEngine }[] = [];
  if (samplers.includes('autoscope')) {
    engines.push({
      name: 'autoscope',
      description: SAMPLER_ENTRIES.autoscope!.description,
      strategy: new AutoscopeEngine({ keepRatio }),
    });
  }
  if (context.staticConfig !== undefined) {
    engines.push({
      name: STATIC_SAMPLER,
      description: `Autoscope engine with the static model and rules of ${context.staticConfig.path}`,
      strategy: staticEngine(context.staticConfig, keepRatio),
    });
  }
  return engines.map(({ name, description, strategy }) => {
    const compressor = new BlockCompressor(context.zstd);
    const run = new EngineRun(strategy, newMeter(context, compressor));
    return { run, compressor, identity: () => ({ sampler: name, description, keepRatio, budget: 'engine' }) };
  });
}

function baselineResults(context: PlanContext, leader: SamplerMeter | undefined): PlannedResult[] {
  const { keepRatio, samplers } = context.options;
  const planned: PlannedResult[] = [];
  for (const name of samplers) {
    const entry = SAMPLER_ENTRIES[name]!;
    if (entry.budget === 'engine') continue;
    const compressor = new BlockCompressor(context.zstd);
    const meter = newMeter(context, compressor);
    if (entry.budget === 'none') {
      const run = new StrategyRun(entry.create({ keepRatio, seed: SEED }), meter);
      const share = () => meter.bytesOut / Math.max(1, meter.bytesIn);
      planned.push({ run, compressor, identity: () => identityOf(name, share(), 'none') });
      continue;
    }
    const budget =
      leader === undefined ? new ByteBudget(() => keepRatio) : ByteBudget.following(leader, keepRatio);
    const strategy = entry.create({ keepRatio, seed: SEED, target: () => budget.ratio() });
    const run = new StrategyRun(strategy, meter, { budget });
    const target = () => (leader === undefined ? keepRatio : leader.bytesOut / Math.max(1, leader.bytesIn));
    const mode = leader === undefined ? 'fixed-bytes' : 'equal-bytes';
    planned.push({ run, compressor, identity: () => identityOf(name, target(), mode) });
  }
  return planned;
}

function identityOf(name: string, keepRatio: number, budget: ResultIdentity['budget']): ResultIdentity {
  return { sampler: name, description: SAMPLER_ENTRIES[name]!.description, keepRatio, budget };
}

function externalIdentity(name: string, description: string, run: ExternalRun): ResultIdentity {
  const keepRatio = run.meter.bytesOut / Math.max(1, run.meter.bytesIn);
  return { sampler: name, description, keepRatio, budget: 'external' };
}

function sweepPoints(context: PlanContext, budget: number, first: boolean): PlannedPoint[] {
  const points: PlannedPoint[] = [];
  const engines: [string, () => AutoscopeEngine][] = [];
  if (context.options.samplers.includes('autoscope'))
    engines.push(['autoscope', () => new AutoscopeEngine({ keepRatio: budget })]);
  const config = context.staticConfig;
  if (config !== undefined) engines.push([STATIC_SAMPLER, () => staticEngine(config, budget)]);
  for (const [sampler, create] of engines) {
    points.push({
      run: new EngineRun(create(), newMeter(context)),
      sampler,
      keepRatio: () => budget,
    });
  }
  for (const sampler of context.options.samplers) {
    const entry = SAMPLER_ENTRIES[sampler]!;
    const meter = newMeter(context);
    if (entry.budget === 'ratio') {
      const control = new ByteBudget(() => budget);
      const strategy = entry.create({ keepRatio: budget, seed: SEED, target: () => control.ratio() });
      points.push({
        run: new StrategyRun(strategy, meter, { budget: control }),
        sampler,
        keepRatio: () => budget,
      });
    } else if (entry.budget === 'none' && first) {
      const run = new StrategyRun(entry.create({ keepRatio: budget, seed: SEED }), meter);
      points.push({ run, sampler, keepRatio: () => meter.bytesOut / Math.max(1, meter.bytesIn) });
    }
  }
  return points;
}
