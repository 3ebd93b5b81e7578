/**
 * Autoscope for the OpenTelemetry JS SDK 2.x: `AutoscopeSpanProcessor` (span-level sampling with the tree
 * kept intact), `AutoscopeSampler` (the seed document's head-time sampler that never orphans), metrics
 * with a `/metrics` handler, configuration hot reload, and `SpanConverter` (ReadableSpan to core Span).
 */
export { AutoscopeSpanProcessor } from './autoscope-span-processor.js';
export { hrTimeToNanos } from './convert/hr-time.js';
export type { SourcedSpan } from './convert/to-core-span.js';
export { SpanConverter } from './convert/to-core-span.js';
export { createMetricsHandler } from './metrics/metrics-handler.js';
export type { ProcessorMetricsOptions } from './metrics/processor-metrics.js';
export { METRIC_NAMES, ProcessorMetrics } from './metrics/processor-metrics.js';
export type { AutoscopeSpanProcessorOptions, ProcessorLimits } from './processor/options.js';
export { DEFAULT_LEAF_CLIENT_ATTRIBUTES, DEFAULT_PROCESSOR_LIMITS } from './processor/options.js';
export type { AutoscopeSamplerOptions } from './sampler/autoscope-sampler.js';
export { AutoscopeSampler } from './sampler/autoscope-sampler.js';
export { startError } from './sampler/start-error.js';
