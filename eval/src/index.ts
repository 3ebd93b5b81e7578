export type { DatasetLayout, EvalDataset } from './dataset/dataset.js';
export { type OpenDatasetOptions, openDataset } from './dataset/open-dataset.js';
export { type RankedCase, RCA_METHODS, type RcaCollector, type RcaMethod, scoreRanks } from './rca/index.js';
export { renderHtmlReport } from './report/index.js';
export {
  type BudgetMode,
  EVAL_REPORT_VERSION,
  type EvalReport,
  type ExampleSpan,
  type ExampleTrace,
  type FaultTypeCoverage,
  type FaultyDefinition,
  type RcaScore,
  type SamplerResult,
  type SweepPoint,
} from './results.js';
export { EvalInputError } from './run/errors.js';
export { DEFAULT_SWEEP, type EvalOptions } from './run/eval-options.js';
export { runEval } from './run/run-eval.js';
export type { SampledOutput } from './run/sampled-output.js';
export { ElasticSampler, type ElasticSamplerOptions } from './samplers/elastic.js';
export { HeadSampler, type HeadSamplerOptions, traceRandomness } from './samplers/head.js';
export { PartialGranularitySampler } from './samplers/partial-granularity.js';
export {
  SAMPLER_ENTRIES,
  SAMPLERS,
  type SamplerBudget,
  type SamplerEntry,
  type TargetedSamplerOptions,
} from './samplers/registry.js';
export { SpanRandomSampler, type SpanRandomSamplerOptions } from './samplers/span-random.js';
export { TailSampler, type TailSamplerOptions } from './samplers/tail.js';
export { TraceMeshSampler, type TraceMeshSamplerOptions } from './samplers/tracemesh.js';
