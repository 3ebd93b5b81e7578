import type { AutoscopeConfig } from '@autoscope/core';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Which processor sits in front of the sampled exporter. */
export type SampledProcessorKind = 'autoscope' | 'batch';

/** Whether the demo's sampled stream really goes through Autoscope (false while the placeholder is in). */
export const AUTOSCOPE_PROCESSOR_AVAILABLE = false;

/**
 * The processor for the sampled stream.
 *
 * PLACEHOLDER (issue 6, part 1 not landed yet): `@autoscope/otel`'s `AutoscopeSpanProcessor` is being
 * written; until it lands both kinds use a plain `BatchSpanProcessor`, which keeps every span. The demo
 * refuses to report results while {@link AUTOSCOPE_PROCESSOR_AVAILABLE} is false.
 */
export function createSampledProcessor(
  _kind: SampledProcessorKind,
  exporter: SpanExporter,
  _config: AutoscopeConfig | undefined,
): SpanProcessor {
  return new BatchSpanProcessor(exporter, FULL_BATCH_OPTIONS);
}

/** Batch settings that never drop a span at demo rates (the full stream is the ground truth). */
export const FULL_BATCH_OPTIONS = {
  maxQueueSize: 200_000,
  maxExportBatchSize: 4_096,
  scheduledDelayMillis: 1_000,
} as const;
