import {
  type AutoscopeConfig,
  type EngineOptions,
  InvalidOptionError,
  type MetricsRegistry,
} from '@autoscope/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ProcessorMetricsOptions } from '../metrics/processor-metrics.js';

/** Options of `AutoscopeSpanProcessor`. Only `exporter` is required. */
export interface AutoscopeSpanProcessorOptions {
  /** Where kept spans go (an OTLP exporter, an in-memory exporter in tests). */
  readonly exporter: SpanExporter;
  /** The analyzer's configuration (span rules, structure, `sampling` options). */
  readonly config?: AutoscopeConfig;
  /** Engine options; they win over the configuration's `sampling` section. */
  readonly engine?: Partial<EngineOptions>;
  /** Wait after a local root ends before deciding its trace, for spans still ending (default 500 ms). */
  readonly graceMs?: number;
  /** Spans held at most; past it the oldest traces are decided early and counted (default 20,000). */
  readonly maxBufferedSpans?: number;
  /** A trace whose local root never ends is decided this long after its first span (default 30 s). */
  readonly maxTraceWaitMs?: number;
  /** A core registry to add the metrics to, or a registry and an OpenTelemetry Meter. */
  readonly metrics?: MetricsRegistry | ProcessorMetricsOptions;
  /** A configuration file: loaded now (it wins over `config`) and reloaded when it changes. */
  readonly configFile?: string;
  /** Called when a changed configuration file is rejected; the running configuration stays. */
  readonly onConfigError?: (error: Error) => void;
  /** Called after a changed configuration file was applied. */
  readonly onConfigChange?: (config: AutoscopeConfig) => void;
  /** Spans per call of the wrapped exporter (default 512, as BatchSpanProcessor). */
  readonly maxExportBatchSize?: number;
  /** Kept spans waiting for export at most (default 2048, as BatchSpanProcessor); see docs/otel.md. */
  readonly maxQueueSize?: number;
  /** A partial batch of kept spans is exported after this long (default 5000 ms, as BatchSpanProcessor). */
  readonly scheduledDelayMillis?: number;
  /** An export that has not called back after this long counts as failed (default 30,000 ms). */
  readonly exportTimeoutMillis?: number;
  /**
   * A dropped CLIENT or PRODUCER span is exported as a placeholder, because another process may have spans
   * under it, unless it is a CLIENT span with one of these attributes set to a non-empty string: such a
   * span calls a system that exports no spans of its own, so it is dropped like any other span. Default
   * `DEFAULT_LEAF_CLIENT_ATTRIBUTES` (database and cache calls, by the semantic conventions'
   * `db.system.name` and older `db.system`); `[]` makes every dropped CLIENT span a placeholder again.
   * PRODUCER spans are always placeholders (their consumers are other processes).
   */
  readonly leafClientAttributes?: readonly string[];
}

/**
 * Attributes of CLIENT spans under which no other process has spans: database calls (semantic conventions
 * 1.26+ and earlier). A database that reports its own server-side spans under the caller's span would need
 * `leafClientAttributes: []`.
 */
export const DEFAULT_LEAF_CLIENT_ATTRIBUTES: readonly string[] = Object.freeze([
  'db.system.name',
  'db.system',
]);

/** `options.leafClientAttributes` or its default, checked: the error names the option. */
export function resolveLeafClientAttributes(options: AutoscopeSpanProcessorOptions): readonly string[] {
  const keys = options.leafClientAttributes;
  if (keys === undefined) return DEFAULT_LEAF_CLIENT_ATTRIBUTES;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key === '')) {
    throw new InvalidOptionError('leafClientAttributes', 'expected an array of attribute names');
  }
  return Object.freeze([...keys]);
}

/** The timing and limits with their defaults applied. */
export interface ProcessorLimits {
  readonly graceMs: number;
  readonly maxBufferedSpans: number;
  readonly maxTraceWaitMs: number;
  readonly maxExportBatchSize: number;
  readonly maxQueueSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
  /** Decided trace ids remembered so stragglers follow their trace's decision. */
  readonly decidedCacheSize: number;
}

/** The defaults, in one place. */
export const DEFAULT_PROCESSOR_LIMITS: ProcessorLimits = Object.freeze({
  graceMs: 500,
  maxBufferedSpans: 20_000,
  maxTraceWaitMs: 30_000,
  maxExportBatchSize: 512,
  maxQueueSize: 2048,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30_000,
  decidedCacheSize: 20_000,
});

/** Applies the defaults and checks each limit; the error names the option and the accepted range. */
export function resolveLimits(options: AutoscopeSpanProcessorOptions): ProcessorLimits {
  if (options.exporter === undefined || typeof options.exporter.export !== 'function') {
    throw new InvalidOptionError(
      'exporter',
      'expected a SpanExporter (an object with export(spans, callback))',
    );
  }
  const limits: ProcessorLimits = {
    ...DEFAULT_PROCESSOR_LIMITS,
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    ...(options.maxBufferedSpans !== undefined ? { maxBufferedSpans: options.maxBufferedSpans } : {}),
    ...(options.maxTraceWaitMs !== undefined ? { maxTraceWaitMs: options.maxTraceWaitMs } : {}),
    ...(options.maxExportBatchSize !== undefined ? { maxExportBatchSize: options.maxExportBatchSize } : {}),
    ...(options.maxQueueSize !== undefined ? { maxQueueSize: options.maxQueueSize } : {}),
    ...(options.scheduledDelayMillis !== undefined
      ? { scheduledDelayMillis: options.scheduledDelayMillis }
      : {}),
    ...(options.exportTimeoutMillis !== undefined
      ? { exportTimeoutMillis: options.exportTimeoutMillis }
      : {}),
  };
  check('graceMs', limits.graceMs, 0, 600_000);
  check('maxBufferedSpans', limits.maxBufferedSpans, 1, 100_000_000);
  check('maxTraceWaitMs', limits.maxTraceWaitMs, 1, 3_600_000);
  check('maxExportBatchSize', limits.maxExportBatchSize, 1, 1_000_000);
  check('maxQueueSize', limits.maxQueueSize, 1, 100_000_000);
  check('scheduledDelayMillis', limits.scheduledDelayMillis, 0, 3_600_000);
  check('exportTimeoutMillis', limits.exportTimeoutMillis, 1, 3_600_000);
  // As BatchSpanProcessor: a batch never exceeds the queue.
  if (limits.maxExportBatchSize > limits.maxQueueSize)
    return { ...limits, maxExportBatchSize: limits.maxQueueSize };
  return limits;
}

function check(option: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `expected an integer in [${min}, ${max}], got ${value}`);
  }
}
