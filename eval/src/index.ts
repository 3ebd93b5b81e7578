export { type RankedCase, RCA_METHODS, type RcaCollector, type RcaMethod, scoreRanks } from './rca/index.js';
export { renderHtmlReport } from './report/index.js';
export {
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
export { ElasticSampler, type ElasticSamplerOptions } from './samplers/elastic.js';
export { HeadSampler, type HeadSamplerOptions, traceRandomness } from './samplers/head.js';
export { PartialGranularitySampler } from './samplers/partial-granularity.js';
export { SAMPLER_ENTRIES, SAMPLERS, type SamplerEntry } from './samplers/registry.js';
export { SpanRandomSampler, type SpanRandomSamplerOptions } from './samplers/span-random.js';
export { TailSampler, type TailSamplerOptions } from './samplers/tail.js';
export { TraceMeshSampler, type TraceMeshSamplerOptions } from './samplers/tracemesh.js';
