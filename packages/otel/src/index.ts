/**
 * Autoscope for the OpenTelemetry JS SDK 2.x: `AutoscopeSpanProcessor` (span-level sampling with the tree
 * kept intact), `AutoscopeSampler` (the seed document's head-time sampler that never orphans), metrics
 * with a `/metrics` handler, and configuration hot reload.
 */
export { AutoscopeSpanProcessor } from './autoscope-span-processor.js';
export { createMetricsHandler } from './metrics/metrics-handler.js';
export type { ProcessorMetricsOptions } from './metrics/processor-metrics.js';
export { METRIC_NAMES, ProcessorMetrics } from './metrics/processor-metrics.js';
export type { AutoscopeSpanProcessorOptions, ProcessorLimits } from './processor/options.js';
export { DEFAULT_PROCESSOR_LIMITS } from './processor/options.js';
export type { AutoscopeSamplerOptions } from './sampler/autoscope-sampler.js';
export { AutoscopeSampler } from './sampler/autoscope-sampler.js';
export { startError } from './sampler/start-error.js';
