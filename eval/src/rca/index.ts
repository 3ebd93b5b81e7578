export { DEFAULT_KEPT_SHARE, KeptShareMethod, type KeptShareOptions } from './kept-share.js';
export {
  DEFAULT_LATENCY_ANOMALY,
  LatencyAnomalyMethod,
  type LatencyAnomalyOptions,
} from './latency-anomaly.js';
export type { RcaCollector, RcaMethod } from './method.js';
export { RCA_METHODS } from './registry.js';
export { type RankedCase, scoreRanks } from './score.js';
export { DEFAULT_SPECTRUM, SpectrumMethod, type SpectrumOptions } from './spectrum.js';
export { type BucketOptions, DEFAULT_BUCKETS } from './time-buckets.js';
export type { TraceShape } from './trace-shape.js';
