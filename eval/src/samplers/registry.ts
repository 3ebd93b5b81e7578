import { AutoscopeEngine, type SamplingStrategy, type StrategyFactory } from '@autoscope/core';
import type { BudgetedSamplerOptions } from './common.js';
import { ElasticSampler } from './elastic.js';
import { HeadSampler } from './head.js';
import { PartialGranularitySampler } from './partial-granularity.js';
import { SpanRandomSampler } from './span-random.js';
import { TailSampler } from './tail.js';
import { TraceMeshSampler } from './tracemesh.js';

/**
 * What a sampler's budget is: `engine` (Autoscope's own byte budget), `ratio` (a kept fraction of spans or
 * traces that a live target can steer, see {@link TargetedSamplerOptions}), `none` (no budget at all).
 */
export type SamplerBudget = 'engine' | 'ratio' | 'none';

/** Options of {@link SamplerEntry.create}: a factory's options plus an optional live target (budgeted baselines only). */
export type TargetedSamplerOptions = BudgetedSamplerOptions;

/** A sampler the evaluation can run: how to build it, what it is in one line, and its kind of budget. */
export interface SamplerEntry {
  readonly factory: StrategyFactory;
  readonly create: (options: TargetedSamplerOptions) => SamplingStrategy;
  readonly description: string;
  readonly budget: SamplerBudget;
}

function entry(
  create: (options: TargetedSamplerOptions) => SamplingStrategy,
  description: string,
  budget: SamplerBudget,
): SamplerEntry {
  return { factory: ({ keepRatio, seed }) => create({ keepRatio, seed }), create, description, budget };
}

/** Every sampler of the evaluation by name: the Autoscope engine and the six baselines. */
export const SAMPLER_ENTRIES: Readonly<Record<string, SamplerEntry>> = Object.freeze({
  autoscope: entry(
    ({ keepRatio }) => new AutoscopeEngine({ keepRatio }),
    'Autoscope engine: span-level selection with the trace tree kept intact',
    'engine',
  ),
  head: entry(
    (options) => new HeadSampler(options),
    'trace-level random sampling by trace-id ratio (OpenTelemetry TraceIdRatioBased)',
    'ratio',
  ),
  tail: entry(
    (options) => new TailSampler(options),
    'Collector tail_sampling: errors, latency over a learned p99, probabilistic fill',
    'ratio',
  ),
  'span-random': entry(
    (options) => new SpanRandomSampler(options),
    'independent per-span sampling, roots and errors kept, re-parented on output',
    'ratio',
  ),
  elastic: entry(
    (options) => new ElasticSampler(options),
    'Elastic APM: drop fast exit spans, compress similar exit siblings, transaction sample rate',
    'ratio',
  ),
  'partial-granularity': entry(
    () => new PartialGranularitySampler(),
    'New Relic reduced mode: service entry and exit spans only (no budget)',
    'none',
  ),
  tracemesh: entry(
    (options) => new TraceMeshSampler(options),
    'TraceMesh: path sketch, online micro-clusters, uncommon traces favoured',
    'ratio',
  ),
});

/** Every sampler's factory by name (see `SAMPLER_ENTRIES` for the descriptions). */
export const SAMPLERS: Readonly<Record<string, StrategyFactory>> = Object.freeze(
  Object.fromEntries(Object.entries(SAMPLER_ENTRIES).map(([name, entry]) => [name, entry.factory])),
);
