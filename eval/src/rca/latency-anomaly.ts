import type { Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import type { RcaCollector, RcaMethod } from './method.js';
import { BucketedMoments } from './moments.js';
import { rankByScore, ServiceScores } from './service-scores.js';
import { spanFacts } from './span-facts.js';
import { type BucketOptions, bucketOf, caseBuckets, DEFAULT_BUCKETS } from './time-buckets.js';

/** Options of {@link LatencyAnomalyMethod}. */
export interface LatencyAnomalyOptions extends BucketOptions {
  /** Most latency series (operation x kind) kept; later ones share one series per service. Default 20,000. */
  readonly maxSeries: number;
  /** Largest |z| one series contributes, so one wild series cannot outvote the rest. Default 10. */
  readonly maxZ: number;
  /** Weight of the error-rate shift next to the latency shift. Default 1. */
  readonly errorWeight: number;
}

/** Defaults of {@link LatencyAnomalyMethod}. */
export const DEFAULT_LATENCY_ANOMALY: LatencyAnomalyOptions = Object.freeze({
  ...DEFAULT_BUCKETS,
  maxSeries: 20_000,
  maxZ: 10,
  errorWeight: 1,
});

/** Log-microsecond values vary at least this much (the clock's resolution makes tiny variances). */
const MIN_LOG_VARIANCE = 0.01;
/** An error rate is read with at least this variance (a rate near 0 is not certain). */
const MIN_RATE_VARIANCE = 0.01;

/**
 * Per-service latency and error anomaly ranking. Every kept span adds its log self time to a series keyed
 * by (service, operation); a span that only wraps a call into another service adds its gap (network and
 * queueing) to a series shared by caller and callee. Errors form one rate series per service. At rank
 * time each series' window mean is compared with its baseline as a z score whose standard error widens
 * with the baseline's bucket-to-bucket variation; a service scores the mean z of its series plus its
 * error-rate z. Memory: series x time buckets.
 */
export class LatencyAnomalyMethod implements RcaMethod {
  readonly name = 'latency-anomaly';
  readonly description =
    'per-service shift of log self time (and call gaps) and error rate in the fault window vs the baseline, as robust z scores';
  readonly reachNanos: bigint;
  private readonly options: LatencyAnomalyOptions;

  constructor(options: Partial<LatencyAnomalyOptions> = {}) {
    this.options = { ...DEFAULT_LATENCY_ANOMALY, ...options };
    this.reachNanos = this.options.horizonNanos + this.options.guardNanos + this.options.bucketNanos;
  }

  /** A fresh collector. */
  createCollector(): RcaCollector {
    return new LatencyAnomalyCollector(this.options);
  }
}

interface LatencySeries {
  /** The services the series speaks for: the span's own, plus the callee for call gaps. */
  readonly services: readonly string[];
  readonly moments: BucketedMoments;
}

class LatencyAnomalyCollector implements RcaCollector {
  private readonly series = new Map<string, LatencySeries>();
  private readonly errors = new Map<string, BucketedMoments>();

  constructor(private readonly options: LatencyAnomalyOptions) {}

  add(trace: Trace): void {
    for (const span of spanFacts(trace)) {
      const bucket = bucketOf(span.startTimeUnixNano, this.options.bucketNanos);
      const services = span.callee === undefined ? [span.service] : [span.service, span.callee];
      const key = `${span.service}\u0000${span.name}\u0000${span.callee ?? ''}`;
      this.seriesFor(key, services).moments.add(bucket, Math.log1p(span.selfNanos / 1000));
      this.errorsOf(span.service).add(bucket, span.error ? 1 : 0);
    }
  }

  rank(fault: Fault): string[] {
    const c = caseBuckets(fault, this.options);
    const latency = new ServiceScores();
    for (const { services, moments } of this.series.values()) {
      const z = moments.shift(c, MIN_LOG_VARIANCE);
      if (z === undefined) continue;
      const bounded = Math.max(-this.options.maxZ, Math.min(this.options.maxZ, z));
      for (const service of services) latency.add(service, bounded);
    }
    const scores = new Map<string, number>();
    for (const service of latency.services()) {
      const errorZ = this.errors.get(service)?.shift(c, MIN_RATE_VARIANCE) ?? 0;
      const errorScore = Math.max(0, Math.min(this.options.maxZ, errorZ)) * this.options.errorWeight;
      scores.set(service, (latency.mean(service) ?? 0) + errorScore);
    }
    return rankByScore(scores, this.errors.keys());
  }

  forgetBefore(timeUnixNano: bigint): void {
    const bucket = bucketOf(timeUnixNano, this.options.bucketNanos);
    for (const { moments } of this.series.values()) moments.forgetBefore(bucket);
    for (const moments of this.errors.values()) moments.forgetBefore(bucket);
  }

  private seriesFor(key: string, services: readonly string[]): LatencySeries {
    const found = this.series.get(key);
    if (found !== undefined) return found;
    // Past the cap, each service's further operations share one series (the cap then grows by services).
    const full = this.series.size >= this.options.maxSeries;
    const own = services[0] ?? '';
    const overflowKey = `${own}\u0000*`;
    const existing = full ? this.series.get(overflowKey) : undefined;
    if (existing !== undefined) return existing;
    const series = { services: full ? [own] : services, moments: new BucketedMoments() };
    this.series.set(full ? overflowKey : key, series);
    return series;
  }

  private errorsOf(service: string): BucketedMoments {
    let moments = this.errors.get(service);
    if (moments === undefined) {
      moments = new BucketedMoments();
      this.errors.set(service, moments);
    }
    return moments;
  }
}
