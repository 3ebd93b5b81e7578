import type { Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import {
  DEFAULT_LATENCY_ANOMALY,
  LatencyAnomalyCollector,
  type LatencyAnomalyOptions,
} from './latency-anomaly.js';
import type { RcaCollector, RcaMethod } from './method.js';
import { BucketedMoments } from './moments.js';
import { rankByScore } from './service-scores.js';
import { spanFacts } from './span-facts.js';
import { bucketOf, caseBuckets, reachOf } from './time-buckets.js';
import { spansOfService, type TraceShape } from './trace-shape.js';

/** Options of {@link KeptShareMethod}: those of latency-anomaly, and the weight of the kept-share shift. */
export interface KeptShareOptions extends LatencyAnomalyOptions {
  /** Weight of a service's kept-share z score next to its latency-anomaly score. Default 1. */
  readonly shareWeight: number;
}

/** Defaults of {@link KeptShareMethod}. */
export const DEFAULT_KEPT_SHARE: KeptShareOptions = Object.freeze({
  ...DEFAULT_LATENCY_ANOMALY,
  shareWeight: 1,
});

/** A share is read with at least this variance (a share near 0 or 1 is not certain). */
const MIN_SHARE_VARIANCE = 0.01;

/**
 * Sampling-aware ranking: a span-level sampler that keeps anomalous spans keeps more of a service's spans
 * while it misbehaves. Where the output rebuilds each trace's shape, the number of spans every service had
 * in the trace is known, so the share of them the sampler kept is too; per service and time bucket that
 * share in the fault window is compared with its baseline (a z score, raises only) and added to the
 * latency-anomaly score. Where the share is undefined (the full data keeps everything, an output without
 * shape records tells nothing of what was dropped) the method is latency-anomaly, and `note` says so.
 */
export class KeptShareMethod implements RcaMethod {
  readonly name = 'kept-share';
  readonly description =
    "latency-anomaly plus the rise of each service's kept share of spans (from rebuilt trace shapes) in the fault window; latency-anomaly alone where outputs carry no shapes";
  readonly reachNanos: bigint;
  private readonly options: KeptShareOptions;

  constructor(options: Partial<KeptShareOptions> = {}) {
    this.options = { ...DEFAULT_KEPT_SHARE, ...options };
    this.reachNanos = reachOf(this.options);
  }

  /** A fresh collector. */
  createCollector(): KeptShareCollector {
    return new KeptShareCollector(this.options);
  }
}

/** Streaming state of {@link KeptShareMethod}. */
export class KeptShareCollector implements RcaCollector {
  private readonly latency: LatencyAnomalyCollector;
  private readonly shares = new Map<string, BucketedMoments>();
  /** Traces added with a rebuilt shape, and without one. */
  readonly traces = { withShape: 0, withoutShape: 0 };

  constructor(private readonly options: KeptShareOptions) {
    this.latency = new LatencyAnomalyCollector(options);
  }

  add(trace: Trace, shape?: TraceShape): void {
    this.latency.add(trace, shape);
    if (shape === undefined) {
      this.traces.withoutShape++;
      return;
    }
    this.traces.withShape++;
    const facts = spanFacts(trace);
    let start: bigint | undefined;
    const kept = new Map<string, number>();
    for (const span of facts) {
      if (start === undefined || span.startTimeUnixNano < start) start = span.startTimeUnixNano;
      kept.set(span.service, (kept.get(span.service) ?? 0) + 1);
    }
    if (start === undefined) return;
    const bucket = bucketOf(start, this.options.bucketNanos);
    for (const service of shape.services.keys()) {
      const total = spansOfService(shape, service);
      const keptSpans = Math.min(total, kept.get(service) ?? 0);
      const moments = this.sharesOf(service);
      moments.addRepeated(bucket, 1, keptSpans);
      moments.addRepeated(bucket, 0, total - keptSpans);
    }
  }

  rank(fault: Fault): string[] {
    const scores = this.latency.scores(fault);
    const c = caseBuckets(fault, this.options);
    for (const [service, moments] of this.shares) {
      const z = moments.shift(c, MIN_SHARE_VARIANCE);
      if (z === undefined) continue;
      const raise = Math.max(0, Math.min(this.options.maxZ, z)) * this.options.shareWeight;
      scores.set(service, (scores.get(service) ?? 0) + raise);
    }
    return rankByScore(scores, this.latency.rank(fault));
  }

  forgetBefore(timeUnixNano: bigint): void {
    this.latency.forgetBefore(timeUnixNano);
    const bucket = bucketOf(timeUnixNano, this.options.bucketNanos);
    for (const moments of this.shares.values()) moments.forgetBefore(bucket);
  }

  /** Says when the kept share was undefined and the ranking is latency-anomaly's alone. */
  note(): string | undefined {
    if (this.traces.withShape > 0) return undefined;
    return 'no trace carried a rebuilt shape (full data, or an output without shape records): ranked as latency-anomaly';
  }

  private sharesOf(service: string): BucketedMoments {
    let moments = this.shares.get(service);
    if (moments === undefined) {
      moments = new BucketedMoments();
      this.shares.set(service, moments);
    }
    return moments;
  }
}
