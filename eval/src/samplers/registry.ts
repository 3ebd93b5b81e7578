import { AutoscopeEngine, type StrategyFactory } from '@autoscope/core';
import { ElasticSampler } from './elastic.js';
import { HeadSampler } from './head.js';
import { PartialGranularitySampler } from './partial-granularity.js';
import { SpanRandomSampler } from './span-random.js';
import { TailSampler } from './tail.js';
import { TraceMeshSampler } from './tracemesh.js';

/** A sampler the evaluation can run: how to build it and what it is, in one line. */
export interface SamplerEntry {
  readonly factory: StrategyFactory;
  readonly description: string;
}

/** Every sampler of the evaluation by name: the Autoscope engine and the six baselines. */
export const SAMPLER_ENTRIES: Readonly<Record<string, SamplerEntry>> = Object.freeze({
  autoscope: {
    factory: ({ keepRatio }) => new AutoscopeEngine({ keepRatio }),
    description: 'Autoscope engine: span-level selection with the trace tree kept intact',
  },
  head: {
    factory: ({ keepRatio, seed }) => new HeadSampler({ keepRatio, seed }),
    description: 'trace-level random sampling by trace-id ratio (OpenTelemetry TraceIdRatioBased)',
  },
  tail: {
    factory: ({ keepRatio, seed }) => new TailSampler({ keepRatio, seed }),
    description: 'Collector tail_sampling: errors, latency over a learned p99, probabilistic fill',
  },
  'span-random': {
    factory: ({ keepRatio, seed }) => new SpanRandomSampler({ keepRatio, seed }),
    description: 'independent per-span sampling, roots and errors kept, re-parented on output',
  },
  elastic: {
    factory: ({ keepRatio, seed }) => new ElasticSampler({ keepRatio, seed }),
    description: 'Elastic APM: drop fast exit spans, compress similar exit siblings, transaction sample rate',
  },
  'partial-granularity': {
    factory: () => new PartialGranularitySampler(),
    description: 'New Relic reduced mode: service entry and exit spans only (no budget)',
  },
  tracemesh: {
    factory: ({ keepRatio, seed }) => new TraceMeshSampler({ keepRatio, seed }),
    description: 'TraceMesh: path sketch, online micro-clusters, uncommon traces favoured',
  },
});

/** Every sampler's factory by name (see `SAMPLER_ENTRIES` for the descriptions). */
export const SAMPLERS: Readonly<Record<string, StrategyFactory>> = Object.freeze(
  Object.fromEntries(Object.entries(SAMPLER_ENTRIES).map(([name, entry]) => [name, entry.factory])),
);
