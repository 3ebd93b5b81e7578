import type { AutoscopeConfig } from '@autoscope/core';
import { AutoscopeSpanProcessor } from '@autoscope/otel';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Which processor sits in front of the sampled exporter: Autoscope, or the SDK's batch processor (keeps all). */
export type SampledProcessorKind = 'autoscope' | 'batch';

/** Batch settings that never drop a span at demo rates (the full stream is the ground truth). */
export const FULL_BATCH_OPTIONS = {
  maxQueueSize: 200_000,
  maxExportBatchSize: 4_096,
  scheduledDelayMillis: 1_000,
} as const;

/**
 * The processor for the sampled stream: `AutoscopeSpanProcessor` from `@autoscope/otel` driven by the
 * analyzer's configuration, or (`batch`, the overhead benchmark's baseline) a plain `BatchSpanProcessor`
 * with the same exporter.
 */
export function createSampledProcessor(
  kind: SampledProcessorKind,
  exporter: SpanExporter,
  config: AutoscopeConfig | undefined,
): SpanProcessor {
  if (kind === 'batch') return new BatchSpanProcessor(exporter, FULL_BATCH_OPTIONS);
  return new AutoscopeSpanProcessor({
    exporter,
    ...FULL_BATCH_OPTIONS,
    ...(config === undefined ? {} : { config }),
  });
}
