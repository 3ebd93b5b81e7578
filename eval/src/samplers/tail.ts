import type { SamplingStrategy, TraceDecision, TraceTree } from '@autoscope/core';
import {
  type BudgetedSamplerOptions,
  checkKeepRatio,
  clampUnit,
  dropped,
  hasErrorSpan,
  kept,
  liveKeepRatio,
  traceDurationNanos,
  wholeTrace,
} from './common.js';
import { hashUnit } from './hash.js';
import { DecayedRatio, LogHistogram } from './stream-stats.js';

const ERROR = kept('error');
const SLOW = kept('anomaly');
const FILL = kept('sampled');
const DROP = dropped('not_sampled');

/**
 * Options of the tail sampler.
 * `keepRatio`: target kept fraction of spans, 0..1.
 * `seed`: salt of the trace-id hash of the probabilistic fill.
 */
export interface TailSamplerOptions extends BudgetedSamplerOptions {
  /** Fixed latency threshold in nanoseconds; when absent, a streaming quantile of trace durations. */
  readonly latencyThresholdNanos?: number;
  /** Quantile of recent trace durations used as the threshold when none is fixed (default 0.99). */
  readonly latencyQuantile?: number;
  /** Traces seen before the learned threshold applies (default 100). */
  readonly warmupTraces?: number;
}

/**
 * What an OpenTelemetry Collector `tail_sampling` setup does: `status_code` ERROR keeps a trace, a
 * `latency` policy (first start to last end) keeps slow ones, and a `probabilistic` policy (trace-id hash)
 * fills the rest. The fill rate adapts so the recent kept fraction of spans approaches `keepRatio`: it is
 * the budget left after the error and latency policies, divided by what they left over.
 */
export class TailSampler implements SamplingStrategy {
  readonly name = 'tail';
  readonly traceLevel = true;
  private readonly durations = new LogHistogram();
  private readonly forced = new DecayedRatio();

  constructor(private readonly options: TailSamplerOptions) {
    checkKeepRatio(options.keepRatio, 'tail');
  }

  /** @inheritdoc */
  describe(): string {
    const fixed = this.options.latencyThresholdNanos;
    const latency =
      fixed === undefined
        ? `p${(this.options.latencyQuantile ?? 0.99) * 100} of trace durations`
        : `${fixed}ns`;
    return `tail: keep errors, latency > ${latency}, probabilistic fill to ${this.options.keepRatio} of spans`;
  }

  /** @inheritdoc */
  decide(tree: TraceTree): TraceDecision {
    const duration = traceDurationNanos(tree);
    const threshold = this.threshold();
    this.durations.add(duration);
    const policy = hasErrorSpan(tree) ? ERROR : duration > threshold ? SLOW : undefined;
    const spans = tree.spans.length;
    this.forced.add(policy === undefined ? 0 : spans, spans);
    const decision = policy ?? (hashUnit(this.options.seed, tree.traceId) < this.fillRate() ? FILL : DROP);
    return { tree, decisions: wholeTrace(tree, decision) };
  }

  /** The current latency threshold in nanoseconds (Infinity while warming up). */
  threshold(): number {
    if (this.options.latencyThresholdNanos !== undefined) return this.options.latencyThresholdNanos;
    if (this.durations.count < (this.options.warmupTraces ?? 100)) return Number.POSITIVE_INFINITY;
    return this.durations.quantile(this.options.latencyQuantile ?? 0.99);
  }

  /** Fill probability for traces no policy kept, so errors + slow + fill ≈ keepRatio of spans. */
  fillRate(): number {
    const { kept: forced, total } = this.forced;
    if (total <= forced) return liveKeepRatio(this.options);
    return clampUnit((liveKeepRatio(this.options) * total - forced) / (total - forced));
  }
}
